// One spawned JVM: output to a log file (never the terminal), a pid file for
// scripts/stop-local-stack, and a watchdog so the JVM does not outlive a crashed Node parent.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';

import { WaiError } from '../../domain/errors.js';
import { javaBinary } from './paths.js';

export interface JvmSpec {
  /** Short name used in messages and file names: `<runDir>/<name>.log`, `<name>.pid`. */
  name: string;
  args: string[];
  cwd: string;
  logFile: string;
  pidFile: string;
  /** Removed by the watchdog after it has had to kill an orphaned JVM. */
  orphanCleanupDir?: string;
}

export interface JvmProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) once the JVM has exited, whoever stopped it. */
  readonly exited: Promise<string>;
  /** False once the JVM has exited (its pid file is then removed). */
  isRunning(): boolean;
  stop(graceMs: number): Promise<void>;
}

// Polls once a second; on the parent's death it stops the JVM (TERM, then KILL) and removes
// what the JVM left behind. It ends by itself when the JVM exits first.
const WATCHDOG = `
parent=$1 child=$2 pidfile=$3 cleanup=$4
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
kill -0 "$child" 2>/dev/null || exit 0
kill -TERM "$child" 2>/dev/null
i=0
while kill -0 "$child" 2>/dev/null && [ "$i" -lt 15 ]; do sleep 1; i=$((i+1)); done
kill -KILL "$child" 2>/dev/null
rm -f "$pidfile"
[ -n "$cleanup" ] && rm -rf "$cleanup"
exit 0
`;

export async function spawnJvm(spec: JvmSpec): Promise<JvmProcess> {
  const logFd = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(javaBinary(), spec.args, {
      cwd: spec.cwd,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    closeSync(logFd);
  }
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code ?? '?'}`));
    child.once('error', (err) => resolve(`spawn error: ${err.message}`));
  });
  const pid = child.pid;
  if (pid === undefined) {
    const reason = await exited;
    throw new WaiError(
      'WAI_CONFIG',
      `could not start ${javaBinary()} (${reason}): install Java 17+`,
    );
  }
  await writeFile(spec.pidFile, `${pid}\n`);

  const watchdogArgs = [
    String(process.pid),
    String(pid),
    spec.pidFile,
    spec.orphanCleanupDir ?? '',
  ];
  spawn('sh', ['-c', WATCHDOG, 'wai-local-stack-watchdog', ...watchdogArgs], {
    detached: true,
    stdio: 'ignore',
  }).unref();

  let running = true;
  const pidFileGone = exited.then(async () => {
    running = false;
    await rm(spec.pidFile, { force: true });
  });

  return {
    name: spec.name,
    pid,
    logFile: spec.logFile,
    exited,
    isRunning: () => running,
    async stop(graceMs) {
      if (running) {
        child.kill('SIGTERM');
        const timer = new Promise<'timeout'>((resolve) => {
          setTimeout(() => resolve('timeout'), graceMs).unref();
        });
        if ((await Promise.race([exited, timer])) === 'timeout') {
          child.kill('SIGKILL');
        }
      }
      await pidFileGone;
    },
  };
}
