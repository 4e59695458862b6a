// The lookup API's instruments: requests by outcome (status class and whether this worker
// answered or forwarded to the owner), and their latency.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type LookupServedBy = 'local' | 'forwarded';

export interface LookupMetrics {
  request(status: number, servedBy: LookupServedBy, seconds: number): void;
}

export function createLookupMetrics(registry: Registry): LookupMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'wai_lookup_requests_total',
    help: 'Contact lookups by HTTP status and by who answered (this worker, or the owner).',
    labelNames: ['status', 'served_by'],
    registers,
  });
  const duration = new Histogram({
    name: 'wai_lookup_request_duration_seconds',
    help: 'From request start to response, forwarding included.',
    labelNames: ['served_by'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  return {
    request(status, servedBy, seconds) {
      requests.inc({ status: String(status), served_by: servedBy });
      duration.observe({ served_by: servedBy }, seconds);
    },
  };
}
