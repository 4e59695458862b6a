import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import { byteLines, isBlank } from '../../../processors/applications/input-log/byte-lines.js';

async function lines(chunks: (string | number[])[], maxLineBytes?: number): Promise<string[]> {
  const input = Readable.from(
    chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c))),
  );
  const out: string[] = [];
  for await (const line of byteLines(input, maxLineBytes === undefined ? {} : { maxLineBytes }))
    out.push(
      line.truncated ? `${line.bytes.toString('hex')}…${line.length}` : line.bytes.toString('hex'),
    );
  return out;
}

const hex = (text: string): string => Buffer.from(text).toString('hex');

describe('byteLines', () => {
  it('splits on \\n only: a bare CR stays inside its line', async () => {
    expect(await lines(['{"a":\r1}\n{"b":2}\r\n'])).toEqual([hex('{"a":\r1}'), hex('{"b":2}\r')]);
  });

  it('joins a line split across chunks and keeps a last line without its newline', async () => {
    expect(await lines(['{"a"', ':1}\n{', '"b":2}'])).toEqual([hex('{"a":1}'), hex('{"b":2}')]);
  });

  it('keeps only the first bytes of a line above the limit, and its full length', async () => {
    expect(await lines(['abcdef', 'gh\nxy\n'], 4)).toEqual([`${hex('abcd')}…8`, hex('xy')]);
  });

  it('keeps bytes that are not UTF-8 exactly', async () => {
    expect(
      await lines([
        [0x7b, 0xff],
        [0xfe, 0x7d, 0x0a],
      ]),
    ).toEqual(['7bfffe7d']);
  });

  it('gives empty lines as empty buffers, which isBlank recognises with other whitespace', async () => {
    expect(await lines(['\n \t\r\n'])).toEqual(['', hex(' \t\r')]);
    expect(isBlank(Buffer.from(' \t\r'))).toBe(true);
    expect(isBlank(Buffer.from(' x '))).toBe(false);
  });
});
