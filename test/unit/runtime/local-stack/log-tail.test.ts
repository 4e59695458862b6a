// Failure messages quote the end of the log: the last lines, bounded in bytes, and say so
// when there is nothing to quote.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tailFile, withLogTail } from '../../../../processors/adapters/local-stack/log-tail.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wai-log-tail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function log(content: string): Promise<string> {
  const file = path.join(dir, 'jvm.log');
  await writeFile(file, content);
  return file;
}

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

describe('tailFile', () => {
  it('keeps the last lines', async () => {
    const file = await log(lines(1, 50).join('\n'));
    expect(await tailFile(file, 3)).toBe(lines(48, 50).join('\n'));
    expect((await tailFile(file)).split('\n')).toEqual(lines(21, 50));
  });

  it('ends at the last line, without trailing newlines or blanks', async () => {
    const tail = await tailFile(await log(`${lines(1, 50).join('\n')}\n  \n`), 5);
    expect(tail).toBe(lines(46, 50).join('\n')); // all 5 lines, not 4 and a blank
  });

  it('reads at most maxBytes from the end', async () => {
    const file = await log('a'.repeat(100) + '\nlast\n');
    expect(await tailFile(file, 30, 8)).toBe('aa\nlast');
  });

  it('is empty for a missing or empty log', async () => {
    expect(await tailFile(path.join(dir, 'none.log'))).toBe('');
    expect(await tailFile(await log(''))).toBe('');
  });
});

describe('withLogTail', () => {
  it('names the log and quotes its tail, each line marked', async () => {
    const file = await log('starting\nError: boom\n');
    expect(await withLogTail('kafka exited (code 1)', file)).toBe(
      `kafka exited (code 1)\nlog: ${file}\n  | starting\n  | Error: boom`,
    );
  });

  it('says so when the log has nothing to quote', async () => {
    const missing = path.join(dir, 'none.log');
    expect(await withLogTail('failed', missing)).toBe(`failed\nlog: ${missing}\n(log is empty)`);
  });
});
