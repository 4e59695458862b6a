// `wa-identity run` as its own process, from the TypeScript sources (compiled per file by
// the runner tests' loader hook), so a test can SIGKILL a real worker and start another.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface CliProcess {
  readonly child: ChildProcess;
  /** stderr lines (pino's JSON log), for the failure message of a test. */
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

export function startCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(ROOT, 'test', 'integration', 'runner', 'register-ts.mts'),
      path.join(import.meta.dirname, 'cli-entry.ts'),
      ...args,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => log.push(line));
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, log, exited };
}
