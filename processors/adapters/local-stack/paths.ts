// Where the local stack keeps things. Three places with different lifetimes:
// - the cache (jars, Apicurio distribution): shared by every clone on the machine, kept;
// - a run dir per stack: logs, pid files, Kafka data; removed by a clean stop();
// - deploy/local/: the checked-in POMs and broker logging config.
import { homedir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

/** The repo root, from the sources and from dist/processors/adapters/local-stack alike. */
export const REPO_ROOT = packageRoot();

export const DEPLOY_LOCAL_DIR = path.join(REPO_ROOT, 'deploy', 'local');

/**
 * Parent of every run dir. scripts/stop-local-stack kills the processes named by
 * `<RUNS_DIR>/<run>/*.pid`, so a shell `trap` can clean up after a crashed Node parent.
 */
export const RUNS_DIR = path.join(REPO_ROOT, '.run', 'local-stack');

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['WAI_CACHE_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return path.resolve(fromEnv);
  return path.join(homedir(), '.cache', 'wa-identity-stream');
}

/**
 * A fresh run dir, under `$WAI_LOCAL_STACK_RUNS` when a script gave its run a scope of its own
 * (so its exit trap stops its stacks and nobody else's), else under RUNS_DIR.
 */
export function newRunDir(env: NodeJS.ProcessEnv = process.env): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const scope = env['WAI_LOCAL_STACK_RUNS'];
  const parent = scope !== undefined && scope !== '' ? path.resolve(scope) : RUNS_DIR;
  return path.join(parent, `${stamp}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
}

export function javaBinary(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['JAVA_HOME'];
  return home !== undefined && home !== '' ? path.join(home, 'bin', 'java') : 'java';
}
