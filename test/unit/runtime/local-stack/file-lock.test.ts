// withFileLock: one holder at a time, by a pid in the lock file; a dead holder's lock is
// taken over, a live one's is waited for (and left alone on timeout).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WaiError } from '../../../../processors/domain/errors.js';
import { withFileLock } from '../../../../processors/adapters/local-stack/file-lock.js';

let dir: string;
let lockFile: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wai-lock-'));
  lockFile = path.join(dir, 'fetch.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that was a process and is not any more. */
function deadPid(): number {
  const { pid } = spawnSync('true');
  if (pid <= 0) throw new Error('could not run true');
  return pid;
}

describe('withFileLock', () => {
  it('holds the lock with our pid while the body runs, and releases it after', async () => {
    const result = await withFileLock(lockFile, 1000, async () => readFile(lockFile, 'utf8'));
    expect(result).toBe(String(process.pid));
    expect(existsSync(lockFile)).toBe(false);
  });

  it('releases the lock when the body fails', async () => {
    await expect(
      withFileLock(lockFile, 1000, () => Promise.reject(new Error('fetch failed'))),
    ).rejects.toThrow('fetch failed');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock whose holder is dead or unreadable', async () => {
    for (const holder of [String(deadPid()), 'garbage', '']) {
      await writeFile(lockFile, holder);
      const ran = await withFileLock(lockFile, 1000, () => Promise.resolve(true));
      expect({ holder, ran }).toEqual({ holder, ran: true });
    }
  });

  it('waits for a live holder, then gives up with WAI_TIMEOUT and leaves its lock', async () => {
    const holder = process.ppid;
    await writeFile(lockFile, String(holder));
    let ran = false;
    let error: WaiError | undefined;
    try {
      await withFileLock(lockFile, 0, () => Promise.resolve((ran = true)));
    } catch (err) {
      error = err as WaiError;
    }
    expect(ran).toBe(false);
    expect(error).toMatchObject({
      code: 'WAI_TIMEOUT',
      message: `${lockFile} is still held by pid ${holder}`,
    });
    expect(await readFile(lockFile, 'utf8')).toBe(String(holder));
  });
});
