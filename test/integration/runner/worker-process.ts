// Starts worker.ts as a child process and watches it: its lifecycle states (stdout lines),
// its log (stderr, shown when a test fails), and its exit.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { WorkerParams } from './worker.js';

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly states: string[];
  readonly log: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startWorker(params: WorkerParams, env: Record<string, string>): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(import.meta.dirname, 'register-ts.mts'),
      path.join(import.meta.dirname, 'worker.ts'),
      JSON.stringify(params),
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const states: string[] = [];
  const log: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    states.push((JSON.parse(line) as { state: string }).state);
  });
  createInterface({ input: child.stderr }).on('line', (line) => log.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, states, log, exited };
}
