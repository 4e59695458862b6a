// Types of the explorer page's pure helpers (lineage.js), for the jest tests.
export interface LineageChange {
  kind: string;
  from: string | null;
  to: string | null;
  eventId: string;
  at: string | null;
}
export interface GraphNode {
  id: string;
  x: number;
  y: number;
  current: boolean;
}
export interface GraphEdge {
  from: number;
  to: number;
  label: string;
  eventId: string;
}
export function layoutLineage(
  lineage: readonly LineageChange[],
  current: string | null,
): { nodes: GraphNode[]; edges: GraphEdge[]; width: number; height: number };
export function kindLabel(kind: string | null): string;
export function formatTime(iso: string | null | undefined): string;
export function phoneDisplay(
  phone: string | null,
  revealed: boolean,
): { text: string; note: string };
export function windowFraction(openUntil: string, now: number): number;
export function errorMessage(status: number, body: unknown): string;
