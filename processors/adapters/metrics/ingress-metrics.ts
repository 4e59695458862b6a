// The ingress's instruments: requests by route and outcome, their latency, and the requests
// waiting for the broker's acknowledgement.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type IngressOutcome =
  | 'accepted' // appended, acknowledged by the broker: 200
  | 'verified' // Meta's GET handshake answered
  | 'unauthorized' // signature missing or wrong, or handshake token wrong
  | 'rejected' // not a webhook delivery (e.g. a control record's shape): 400
  | 'too_large' // body above the cap: 413
  | 'unavailable' // broker failed or too slow, or too many requests in flight: 503
  | 'not_found'; // no such route, or the route is not enabled

export interface IngressMetrics {
  request(route: string, outcome: IngressOutcome, seconds: number): void;
  inFlight(count: number): void;
}

export function createIngressMetrics(registry: Registry): IngressMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'wai_ingress_requests_total',
    help: 'Webhook requests by provider route and outcome.',
    labelNames: ['route', 'outcome'],
    registers,
  });
  const duration = new Histogram({
    name: 'wai_ingress_request_duration_seconds',
    help: 'From request start to response, including the broker acknowledgement.',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const waiting = new Gauge({
    name: 'wai_ingress_in_flight',
    help: 'Requests waiting for the broker acknowledgement.',
    registers,
  });
  waiting.set(0);
  return {
    request(route, outcome, seconds) {
      requests.inc({ route, outcome });
      duration.observe({ route }, seconds);
    },
    inFlight(count) {
      waiting.set(count);
    },
  };
}
