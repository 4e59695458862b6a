// NDJSON read as bytes: lines end at `\n` only (a bare CR is JSON whitespace inside a line),
// and each line's bytes are kept exactly, valid UTF-8 or not. A line longer than
// `maxLineBytes` is not held whole: its first bytes are kept, the rest counted and dropped.
import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;

export interface ByteLine {
  /** The line without its `\n` (only its first maxLineBytes bytes when truncated). */
  bytes: Buffer;
  /** The line's full length in bytes. */
  length: number;
  truncated: boolean;
}

export interface ByteLineOptions {
  /** Default: no limit. */
  maxLineBytes?: number;
}

/** The lines of `input`, without their `\n`; a last line without one too. */
export async function* byteLines(
  input: Readable,
  options: ByteLineOptions = {},
): AsyncGenerator<ByteLine> {
  const limit = options.maxLineBytes ?? Number.POSITIVE_INFINITY;
  let kept: Buffer[] = [];
  let keptBytes = 0;
  let length = 0;
  const take = (part: Buffer): void => {
    length += part.length;
    const room = limit - keptBytes;
    if (room <= 0) return;
    const slice = part.length > room ? part.subarray(0, room) : part;
    kept.push(slice);
    keptBytes += slice.length;
  };
  const line = (): ByteLine => {
    const bytes = kept.length === 1 ? (kept[0] as Buffer) : Buffer.concat(kept);
    const out = { bytes, length, truncated: length > limit };
    kept = [];
    keptBytes = 0;
    length = 0;
    return out;
  };
  let pending = false;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let at = bytes.indexOf(NEWLINE);
    while (at !== -1) {
      take(bytes.subarray(0, at));
      yield line();
      pending = false;
      bytes = bytes.subarray(at + 1);
      at = bytes.indexOf(NEWLINE);
    }
    if (bytes.length > 0) {
      take(bytes);
      pending = true;
    }
  }
  if (pending) yield line();
}

/** A line of nothing but JSON whitespace (space, tab, CR). */
export function isBlank(line: Buffer): boolean {
  return line.every((b) => b === 0x20 || b === 0x09 || b === 0x0d);
}
