// What the sender does with Meta's refusal of a send. Throughput and rate-limit errors mean
// Meta did not send it and will take it later: wait (backoff, or Retry-After) and try again.
// Anything else is the answer: the send failed with that code (131062: BSUID recipients not
// supported for this message; 131026: undeliverable; 100: a bad parameter …).
//   130429  throughput reached for the business number
//   131056  pair rate limit (too many messages to one user)
//   80007   WhatsApp Business Account rate limit
//   4, 613  application / call rate limit
//   ECONNREFUSED  the API could not be reached at all (nothing was sent)

const THROTTLED = new Set(['130429', '131056', '80007', '4', '613', 'ECONNREFUSED']);

export function isThrottled(code: string): boolean {
  return THROTTLED.has(code);
}

/**
 * The earliest time the next send on one business number may go at `perSecond`, given
 * when the previous one went: pacing keeps a number within its throughput.
 */
export function nextSendAt(previousAt: number | null, now: number, perSecond: number): number {
  if (previousAt === null) return now;
  return Math.max(now, previousAt + Math.ceil(1000 / perSecond));
}
