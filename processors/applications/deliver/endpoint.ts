// One event to one subscriber: signed POSTs until the endpoint accepts it, the answer is one
// that retrying will not change, or the retry budget is spent. Waits respect Retry-After and
// the subscriber's circuit breaker; `signal` (the worker stopping) cuts every wait short.
import { setTimeout as sleep } from 'node:timers/promises';
import { WaiError } from '../../domain/errors.js';
import type { NormalizedEvent } from '../../domain/events/event.js';
import { webhookPayload } from '../../domain/delivery/payload.js';
import {
  attemptOutcome,
  retryAfterMs,
  retryDelayMs,
  type BackoffPolicy,
} from '../../domain/delivery/retry.js';
import { SIGNATURE_HEADER, signatureHeader } from '../../domain/delivery/signing.js';
import type { DeliverMetrics } from '../../adapters/metrics/deliver-metrics.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { SubscriberSettings } from './deliver-config.js';

export type Delivery =
  | { outcome: 'delivered'; attempts: number }
  | {
      outcome: 'dead-lettered';
      attempts: number;
      /** The last answer: an HTTP status, or null when none came (timeout, network). */
      status: number | null;
      /** The last response body (truncated) or error message. */
      detail: string;
    };

export interface EndpointDeps {
  backoff: BackoffPolicy;
  breaker: CircuitBreaker;
  metrics: DeliverMetrics;
  signal: AbortSignal;
  now: () => number;
  random: () => number;
}

const DETAIL_LIMIT = 1024;

function statusClass(status: number | null): string {
  return status === null ? 'error' : `${Math.floor(status / 100)}xx`;
}

async function attempt(
  sub: SubscriberSettings,
  body: string,
  eventId: string,
  deps: EndpointDeps,
): Promise<{ status: number | null; retryAfter: string | null; detail: string }> {
  const started = performance.now();
  const timestamp = Math.floor(deps.now() / 1000);
  try {
    const res = await fetch(sub.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'wai-event-id': eventId,
        [SIGNATURE_HEADER]: signatureHeader(sub.secrets, timestamp, body),
      },
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(sub.timeoutMs)]),
    });
    const detail = (await res.text()).slice(0, DETAIL_LIMIT);
    deps.metrics.attempt(sub.id, statusClass(res.status), (performance.now() - started) / 1000);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), detail };
  } catch (err) {
    if (deps.signal.aborted) throw new WaiError('WAI_SHUTDOWN_TIMEOUT', 'delivery stopped');
    deps.metrics.attempt(sub.id, 'error', (performance.now() - started) / 1000);
    const cause = (err as Error).cause as { code?: string } | undefined;
    return { status: null, retryAfter: null, detail: cause?.code ?? (err as Error).message };
  }
}

export async function deliverEvent(
  sub: SubscriberSettings,
  event: NormalizedEvent,
  deps: EndpointDeps,
): Promise<Delivery> {
  const body = JSON.stringify(webhookPayload(event));
  for (let n = 1; ; n += 1) {
    for (
      let wait = deps.breaker.waitMs(deps.now());
      wait > 0;
      wait = deps.breaker.waitMs(deps.now())
    )
      await sleep(wait, undefined, { signal: deps.signal });
    const { status, retryAfter, detail } = await attempt(sub, body, event.eventId, deps);
    const outcome = attemptOutcome(status);
    // Only the endpoint's health moves the breaker: a 4xx refusal is an answer, not an outage.
    deps.breaker.record(outcome !== 'retry', deps.now());
    if (outcome === 'delivered') return { outcome, attempts: n };
    if (outcome === 'give-up' || n >= sub.maxAttempts)
      return { outcome: 'dead-lettered', attempts: n, status, detail };
    deps.metrics.retried(sub.id);
    const delay = retryDelayMs(n, retryAfterMs(retryAfter, deps.now()), deps.backoff, deps.random);
    await sleep(delay, undefined, { signal: deps.signal });
  }
}
