// Scheduled exports keep, beside each window's file, a hidden manifest of where its read
// ended (`.export-log-<window>.<ext>.offsets.json`): the next window's read goes on from
// there, so a record that arrives after its window was written is seen once and reported.
// The manifest is written before the file is renamed into place: a window counts as written
// only when its file exists, and then its manifest exists too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTextAtomically } from '../../adapters/files/index.js';
import type { FileFormat } from '../../adapters/files/index.js';
import type { Window } from './windows.js';

export interface Manifest {
  window: Window;
  topic: string;
  rows: number;
  /** Per partition, the committed end the window's read went up to. */
  endOffsets: Record<string, string>;
}

export function windowFile(label: string, format: FileFormat): string {
  return `export-log-${label}.${format}`;
}

function manifestFile(file: string): string {
  return `.${file}.offsets.json`;
}

export async function writeManifest(dir: string, file: string, manifest: Manifest): Promise<void> {
  await writeTextAtomically(join(dir, manifestFile(file)), `${JSON.stringify(manifest)}\n`);
}

function isManifest(value: unknown): value is Manifest {
  const m = value as Partial<Manifest> | null;
  return (
    typeof m?.window?.start === 'number' &&
    typeof m.window.end === 'number' &&
    typeof m.endOffsets === 'object'
  );
}

/** The manifests of the windows written in `dir` in this format, by window start. */
export function readManifests(dir: string, format: FileFormat): Map<number, Manifest> {
  const found = new Map<number, Manifest>();
  const pattern = new RegExp(`^\\.(export-log-.+\\.${format})\\.offsets\\.json$`);
  for (const name of readdirSync(dir)) {
    const file = pattern.exec(name)?.[1];
    if (file === undefined || !existsSync(join(dir, file))) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue; // unreadable: that window's lateness cannot be told, the rest still can
    }
    if (isManifest(parsed)) found.set(parsed.window.start, parsed);
  }
  return found;
}

/** The manifest of the latest written window that starts before `start`. */
export function previousManifest(
  manifests: ReadonlyMap<number, Manifest>,
  start: number,
): Manifest | null {
  let best: Manifest | null = null;
  for (const m of manifests.values())
    if (m.window.start < start && (best === null || m.window.start > best.window.start)) best = m;
  return best;
}
