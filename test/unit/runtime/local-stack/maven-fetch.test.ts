// ensureFetched on a warm cache: while the marker holds the hash of the POM and the Maven
// arguments, the entry is used as it is and Maven is not run (no network, no JVM start-up).
// Runs of Maven itself are covered by the integration tests' local stack: a child process
// here would not see a PATH changed in jest's sandboxed process.env.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ensureFetched,
  type MavenFetch,
} from '../../../../processors/adapters/local-stack/maven-fetch.js';

let dir: string;
let fetch: MavenFetch;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wai-maven-'));
  const pom = path.join(dir, 'pom.xml');
  await writeFile(pom, '<project/>');
  fetch = {
    cacheDir: path.join(dir, 'cache'),
    name: 'kafka-x',
    pom,
    args: ['-Dkafka.version=4.4.0', '-DoutputDirectory={staging}/libs'],
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureFetched', () => {
  it('uses a complete cache entry as it is, running and waiting for nothing', async () => {
    const entry = path.join(fetch.cacheDir, fetch.name);
    const print = createHash('sha256')
      .update('<project/>')
      .update('\0')
      .update(fetch.args.join('\0'))
      .digest('hex');
    await mkdir(path.join(entry, 'libs'), { recursive: true });
    await writeFile(path.join(entry, '.wai-complete'), `${print}\n`);
    // Another run holds the fetch lock: a warm start does not wait for it.
    const lock = path.join(fetch.cacheDir, 'kafka-x.lock');
    await writeFile(lock, String(process.ppid));

    let finished = false;
    const result = await ensureFetched({
      ...fetch,
      finish: () => Promise.resolve(void (finished = true)),
    });
    expect(result).toEqual({ dir: entry, fetched: false });
    expect(finished).toBe(false);
    // The other run's lock is untouched; no staging dir, no Maven log: Maven was not started.
    expect((await readdir(fetch.cacheDir)).sort()).toEqual(['kafka-x', 'kafka-x.lock']);
  });
});
