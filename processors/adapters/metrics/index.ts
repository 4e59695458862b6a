// Prometheus metrics: the instruments (a registry per caller), the runner's facade, and the
// worker's /metrics + /healthz endpoint.
export { createMetrics, LIFECYCLE_STATES } from './metrics.js';
export type { MetricsOptions, TransactionOutcome, WaiMetrics } from './metrics.js';
export { NO_STAGE_METRICS, stageMetrics } from './stage-metrics.js';
export type { ChunkMetrics, StageMetrics, StageMetricsOptions } from './stage-metrics.js';
export { stagesHealth, startMetricsServer } from './server.js';
export type { HealthReport, MetricsServer, MetricsServerOptions } from './server.js';
export { createLookupMetrics } from './lookup-metrics.js';
export type { LookupMetrics, LookupServedBy } from './lookup-metrics.js';
