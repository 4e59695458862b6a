// Fetches a runnable from Maven Central into the cache, once. A marker file written last
// says the directory is complete and which POM + arguments produced it; while it matches,
// Maven is not called at all, so a warm start needs no network and no Maven start-up.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { WaiError } from '../../domain/errors.js';
import { withFileLock } from './file-lock.js';
import { withLogTail } from './log-tail.js';

const MARKER = '.wai-complete';
const STAGING = '{staging}';
const FETCH_TIMEOUT_MS = 15 * 60_000;

export interface MavenFetch {
  cacheDir: string;
  /** Directory name inside the cache, e.g. `kafka-4.4.0`. */
  name: string;
  pom: string;
  /** Maven arguments; `{staging}` stands for the directory being filled. */
  args: string[];
  /** Runs after Maven on the staging directory (e.g. unpacking an archive). */
  finish?: (stagingDir: string) => Promise<void>;
}

export interface FetchResult {
  dir: string;
  /** False when the cache was already complete and nothing ran. */
  fetched: boolean;
}

async function fingerprint(fetch: MavenFetch): Promise<string> {
  const pom = await readFile(fetch.pom, 'utf8');
  return createHash('sha256').update(pom).update('\0').update(fetch.args.join('\0')).digest('hex');
}

async function isComplete(dir: string, print: string): Promise<boolean> {
  const marker = await readFile(path.join(dir, MARKER), 'utf8').catch(() => '');
  return marker.trim() === print;
}

export async function ensureFetched(fetch: MavenFetch): Promise<FetchResult> {
  const dir = path.join(fetch.cacheDir, fetch.name);
  const print = await fingerprint(fetch);
  if (await isComplete(dir, print)) return { dir, fetched: false };

  await mkdir(fetch.cacheDir, { recursive: true });
  return withFileLock(
    path.join(fetch.cacheDir, `${fetch.name}.lock`),
    FETCH_TIMEOUT_MS,
    async () => {
      // Another run may have filled it while this one waited for the lock.
      if (await isComplete(dir, print)) return { dir, fetched: false };
      const staging = path.join(fetch.cacheDir, `.staging-${fetch.name}-${process.pid}`);
      const logFile = path.join(fetch.cacheDir, `${fetch.name}.maven.log`);
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      try {
        const args = fetch.args.map((arg) => arg.replaceAll(STAGING, staging));
        await runMaven(['-B', '-q', '-f', fetch.pom, ...args], logFile);
        await fetch.finish?.(staging);
        await writeFile(path.join(staging, MARKER), `${print}\n`);
        await rm(dir, { recursive: true, force: true });
        await rename(staging, dir);
      } catch (err) {
        await rm(staging, { recursive: true, force: true });
        throw err;
      }
      return { dir, fetched: true };
    },
  );
}

async function runMaven(args: string[], logFile: string): Promise<void> {
  const fd = openSync(logFile, 'w');
  let outcome: string;
  try {
    const child = spawn('mvn', args, { stdio: ['ignore', fd, fd] });
    outcome = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(`timed out after ${FETCH_TIMEOUT_MS / 1000}s`);
      }, FETCH_TIMEOUT_MS);
      child.once('error', (err) => {
        clearTimeout(timer);
        resolve(`could not run mvn (${err.message}); install Maven 3.8+ and Java 17+`);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code === 0 ? 'ok' : `exited with code ${code ?? 'null'}`);
      });
    });
  } finally {
    closeSync(fd);
  }
  if (outcome !== 'ok') {
    const message = `mvn ${args.join(' ')} ${outcome}`;
    throw new WaiError('WAI_CONFIG', await withLogTail(message, logFile));
  }
}
