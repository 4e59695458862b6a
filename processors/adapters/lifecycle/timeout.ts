// Deadlines for calls that may hang (a transaction commit against a broker that went away).
// The late call is not cancelled (kafkajs has no cancellation); callers must treat its client
// as unusable and replace it.
import type { ErrorCode } from '../../domain/errors.js';
import { WaiError } from '../../domain/errors.js';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface TimeoutOptions {
  code?: Extract<ErrorCode, 'WAI_TIMEOUT' | 'WAI_SHUTDOWN_TIMEOUT'>;
  /** Timeouts of broker calls are retriable; a shutdown timeout is not. */
  retriable?: boolean;
}

export async function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  options: TimeoutOptions = {},
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const code = options.code ?? 'WAI_TIMEOUT';
      const retriable = options.retriable ?? code === 'WAI_TIMEOUT';
      reject(new WaiError(code, `${what} did not finish within ${ms} ms`, { retriable }));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function isTimeout(err: unknown): boolean {
  return err instanceof WaiError && err.code === 'WAI_TIMEOUT';
}
