// A file appears whole or not at all: rows go to a hidden temp name beside the target
// (`.<name>.partial`, the same file system, so the rename is atomic), which is flushed to disk
// and renamed over the target only when complete. A crash leaves at most the temp file, which
// the next write of the same target replaces. Readers globbing `*.csv` never see it.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parquetSink } from './parquet-sink.js';
import type { Column, FileFormat, RowSink } from './rows.js';
import { csvSink, jsonlSink } from './text-sinks.js';

export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial`);
}

function openSink(format: FileFormat, path: string, columns: readonly Column[]): Promise<RowSink> {
  if (format === 'parquet') return parquetSink(path, columns);
  return format === 'csv' ? csvSink(path, columns) : jsonlSink(path, columns);
}

async function syncPath(path: string, flags: 'r' | 'r+'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface AtomicWrite {
  format: FileFormat;
  path: string;
  columns: readonly Column[];
  /** Writes every row; a rejection leaves no file at `path` (an older one stays as it was). */
  fill: (sink: RowSink) => Promise<void>;
  /** Runs after the rows are on disk, before the rename (e.g. writing a manifest). */
  beforeRename?: () => Promise<void>;
}

export async function writeFileAtomically(write: AtomicWrite): Promise<void> {
  const temp = partialPath(write.path);
  const sink = await openSink(write.format, temp, write.columns);
  try {
    await write.fill(sink);
    await sink.finish();
    await syncPath(temp, 'r+');
    await write.beforeRename?.();
    await rename(temp, write.path);
  } catch (err) {
    await sink.abort();
    await rm(temp, { force: true });
    throw err;
  }
  // The rename itself is durable once the directory is flushed.
  await syncPath(dirname(write.path), 'r');
}

/** Writes a small text file (a manifest) the same way: whole or not at all. */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  const temp = partialPath(path);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
