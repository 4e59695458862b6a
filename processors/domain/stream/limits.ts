// Bounds on the work one input record may cause, so a hostile or broken delivery costs a DLQ
// record, never a crash or a stuck partition: its size, its JSON nesting depth, and the
// number of items (messages, statuses, changes …) it holds. Each is a setting (README,
// "Configuration"); what exceeds one goes to the DLQ as WAI_LIMIT_EXCEEDED, naming the limit.
import { WaiError } from '../errors.js';

export interface InputLimits {
  /** WAI_MAX_RECORD_BYTES: a record's (line's) size in bytes. */
  maxRecordBytes: number;
  /** WAI_MAX_JSON_DEPTH: nesting of objects and arrays. */
  maxDepth: number;
  /** WAI_MAX_ITEMS_PER_RECORD: events plus unreadable items one record may hold. */
  maxItems: number;
}

/** Meta caps a webhook POST far below these; they only stop what no provider sends. */
export const DEFAULT_LIMITS: InputLimits = Object.freeze({
  maxRecordBytes: 1024 * 1024,
  maxDepth: 64,
  maxItems: 1000,
});

export function limitExceeded(what: string, actual: string, limit: number, setting: string) {
  return new WaiError(
    'WAI_LIMIT_EXCEEDED',
    `${what} ${actual} is above the limit of ${limit} (${setting})`,
    { field: '$' },
  );
}

/**
 * Whether `value` nests deeper than `maxDepth` (iterative: no stack to overflow). Runs on every
 * record: two plain stacks and `for … in`, no per-node allocations.
 */
export function deeperThan(value: unknown, maxDepth: number): boolean {
  const nodes: object[] = [];
  const depths: number[] = [];
  if (value !== null && typeof value === 'object') {
    nodes.push(value);
    depths.push(1);
  }
  for (let node = nodes.pop(); node !== undefined; node = nodes.pop()) {
    const depth = depths.pop() ?? 0;
    if (depth > maxDepth) return true;
    if (Array.isArray(node)) {
      for (const child of node as unknown[]) {
        if (child !== null && typeof child === 'object') {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
