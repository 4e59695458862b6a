import { WaiError } from '../../domain/errors.js';
import type { ErrorCode } from '../../domain/errors.js';
import type { JvmProcess } from './jvm-process.js';
import { withLogTail } from './log-tail.js';

export interface WaitSpec {
  what: string;
  process: JvmProcess;
  timeoutMs: number;
  /** Code used when the process dies; a deadline always gives WAI_TIMEOUT. */
  errorCode: ErrorCode;
  /** True when ready; a throw counts as not ready yet. */
  probe: () => Promise<boolean>;
}

// Hints for failures whose log line alone does not say what to do.
const HINTS: [RegExp, string][] = [
  [
    /UnsupportedClassVersionError/,
    'this version needs a newer Java than the one on PATH/JAVA_HOME',
  ],
  [/Address already in use/, 'a port was taken between choosing and binding it: start again'],
];

/** Polls `probe` until it says ready, failing fast (with the log's tail) if the JVM exits. */
export async function waitUntil(spec: WaitSpec): Promise<void> {
  const deadline = Date.now() + spec.timeoutMs;
  let lastError = '';
  while (spec.process.isRunning()) {
    try {
      if (await spec.probe()) return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) {
      const message = `${spec.what} not ready after ${spec.timeoutMs / 1000}s (last probe: ${lastError || 'not ready'})`;
      throw new WaiError('WAI_TIMEOUT', await withLogTail(message, spec.process.logFile));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const exit = await spec.process.exited;
  const log = await withLogTail(
    `${spec.what} exited during start-up (${exit})`,
    spec.process.logFile,
  );
  const hint = HINTS.find(([pattern]) => pattern.test(log))?.[1];
  throw new WaiError(spec.errorCode, hint === undefined ? log : `${log}\nhint: ${hint}`);
}
