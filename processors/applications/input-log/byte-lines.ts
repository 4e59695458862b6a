// NDJSON read as bytes: lines end at `\n` only (a bare CR is JSON whitespace inside a line),
// and each line's bytes are kept exactly, valid UTF-8 or not.
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;

/** The lines of `input` as byte buffers, without their `\n`; a last line without one too. */
export async function* byteLines(input: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let at = bytes.indexOf(NEWLINE);
    while (at !== -1) {
      pending.push(bytes.subarray(0, at));
      yield pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
      pending = [];
      bytes = bytes.subarray(at + 1);
      at = bytes.indexOf(NEWLINE);
    }
    if (bytes.length > 0) pending.push(bytes);
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}

/** A line of nothing but JSON whitespace (space, tab, CR). */
export function isBlank(line: Buffer): boolean {
  return line.every((b) => b === 0x20 || b === 0x09 || b === 0x0d);
}
