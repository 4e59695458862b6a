// CSV (through csv-stringify: RFC 4180 quoting, a header line) and JSON Lines (one object per
// line, every column present, null where empty). Both stream: memory stays flat.
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Column, Row, RowSink } from './rows.js';
import { textCell } from './rows.js';

interface FileStream {
  readonly stream: Writable;
  /** Ends `head` (which feeds the file, or is it), waits for the close, then reports an error. */
  close(head: Writable): Promise<void>;
}

/** The file opened first, so a path that cannot be written fails here, not in an event. */
async function fileStream(path: string): Promise<FileStream> {
  const handle = await open(path, 'w');
  const stream = handle.createWriteStream();
  // Kept, not thrown from an event: a failed write must fail the close, never pass as done.
  let failure: Error | null = null;
  stream.on('error', (err: Error) => (failure ??= err));
  return {
    stream,
    async close(head) {
      const closed = once(stream, 'close').catch(() => undefined);
      head.end();
      await closed;
      if (failure !== null) throw failure;
    },
  };
}

async function put(stream: Writable, chunk: unknown): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

function destroy(...streams: Writable[]): Promise<void> {
  for (const s of streams) s.destroy();
  return Promise.resolve();
}

export async function csvSink(path: string, columns: readonly Column[]): Promise<RowSink> {
  const file = await fileStream(path);
  const csv = stringify({ header: true, columns: columns.map((c) => c.name) });
  csv.pipe(file.stream);
  return {
    write: (row: Row) =>
      put(
        csv,
        columns.map((c) => textCell(c, row[c.name]) ?? ''),
      ),
    finish: () => file.close(csv),
    abort: () => destroy(csv, file.stream),
  };
}

export async function jsonlSink(path: string, columns: readonly Column[]): Promise<RowSink> {
  const file = await fileStream(path);
  const line = (row: Row): string =>
    `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, textCell(c, row[c.name])])))}\n`;
  return {
    write: (row: Row) => put(file.stream, line(row)),
    finish: () => file.close(file.stream),
    abort: () => destroy(file.stream),
  };
}
