// What to do after one delivery attempt, and how long to wait before the next. Pure: the
// clock and the randomness come from the caller.

export type AttemptOutcome = 'delivered' | 'retry' | 'give-up';

/**
 * 2xx delivered. Timeouts, network errors (status null), 408, 425, 429 and 5xx are worth
 * retrying. Any other answer (400, 401, 403, 404, 410, 413, 422 …) will not change by itself:
 * the event goes to the subscriber's dead-letter topic at once.
 */
export function attemptOutcome(status: number | null): AttemptOutcome {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status >= 500 || status === 408 || status === 425 || status === 429) return 'retry';
  return 'give-up';
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; null if absent/bad. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with full jitter for attempt `attempt` (1 = the first retry), or the
 * server's Retry-After when it asks for longer, capped at `maxMs` either way.
 */
export function retryDelayMs(
  attempt: number,
  retryAfter: number | null,
  policy: BackoffPolicy,
  random: () => number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.min(policy.maxMs, Math.max(jittered, retryAfter ?? 0));
}
