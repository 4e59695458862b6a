// The delivery worker's instruments, per subscriber: outcomes, attempts, latency, breaker.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type DeliveryOutcome = 'delivered' | 'dead_lettered' | 'skipped';

export interface DeliverMetrics {
  outcome(subscriber: string, outcome: DeliveryOutcome): void;
  /** One HTTP attempt: its status class (2xx, 4xx, 5xx, error) and its duration. */
  attempt(subscriber: string, status: string, seconds: number): void;
  retried(subscriber: string): void;
  breakerOpen(subscriber: string, open: boolean): void;
}

export function createDeliverMetrics(registry: Registry): DeliverMetrics {
  const registers = [registry];
  const events = new Counter({
    name: 'wai_deliver_events_total',
    help: 'Events per subscriber by outcome: delivered, dead_lettered, skipped (not subscribed).',
    labelNames: ['subscriber', 'outcome'],
    registers,
  });
  const attempts = new Histogram({
    name: 'wai_deliver_attempt_duration_seconds',
    help: 'HTTP attempts per subscriber, by status class, and their latency.',
    labelNames: ['subscriber', 'status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const retries = new Counter({
    name: 'wai_deliver_retries_total',
    help: 'Attempts repeated after a retriable failure.',
    labelNames: ['subscriber'],
    registers,
  });
  const breaker = new Gauge({
    name: 'wai_deliver_circuit_open',
    help: '1 while the subscriber circuit breaker is open (deliveries wait), else 0.',
    labelNames: ['subscriber'],
    registers,
  });
  return {
    outcome: (subscriber, outcome) => events.inc({ subscriber, outcome }),
    attempt: (subscriber, status, seconds) => attempts.observe({ subscriber, status }, seconds),
    retried: (subscriber) => retries.inc({ subscriber }),
    breakerOpen: (subscriber, open) => breaker.set({ subscriber }, open ? 1 : 0),
  };
}
