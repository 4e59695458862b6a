// Retry delays for a partition whose batch failed with a retriable error: exponential from
// `initialMs`, capped at `maxMs`, with ±20 % jitter so workers that failed together (a broker
// restart) do not retry in lockstep. The cap stays well under the session timeout.
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 10_000 };

/** Delay before retry number `attempt` (1 = first retry). `random` is injectable for tests. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jitter = 0.8 + 0.4 * random();
  return Math.round(Math.min(options.maxMs, base * jitter));
}
