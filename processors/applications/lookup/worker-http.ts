// A worker's HTTP endpoint: /metrics, /healthz and /ready always, and with lookup tokens
// configured the lookup API, its OpenAPI description and the explorer page on the same port.
// Started before the worker (a taken port fails at once; lookups answer 503 until the worker
// runs), so the endpoint the worker advertises to its group is known when it joins.
import { hostname } from 'node:os';
import { WaiError } from '../../domain/errors.js';
import type { AppConfig } from '../config.js';
import type { Logger } from '../../adapters/logging/logger.js';
import {
  createLookupMetrics,
  createMetrics,
  stagesHealth,
  startMetricsServer,
} from '../../adapters/metrics/index.js';
import type { MetricsServer, WaiMetrics } from '../../adapters/metrics/index.js';
import type { ContactsAccess, Pipeline } from '../worker/start-pipeline.js';
import { lookupRoutes } from './lookup-routes.js';

export interface WorkerHttp {
  readonly metrics: WaiMetrics;
  readonly server: MetricsServer;
  /** What the worker advertises to its group; null without the lookup API. */
  readonly endpoint: string | null;
  /** The worker runs: lookups read its state from now on. */
  attach(pipeline: Pipeline): void;
  close(): Promise<void>;
}

/** Null when nothing listens (no WAI_METRICS_PORT); refuses lookup tokens without a port. */
export async function startWorkerHttp(
  config: AppConfig,
  logger: Logger,
): Promise<WorkerHttp | null> {
  const { port, host } = config.metrics;
  const { tokens } = config.lookup;
  if (port === null) {
    if (tokens === null) return null;
    throw new WaiError(
      'WAI_CONFIG',
      'WAI_LOOKUP_TOKENS is set but the worker serves no HTTP: set WAI_METRICS_PORT (or ' +
        '--metrics-port), the lookup API is served on that endpoint',
      { field: 'WAI_METRICS_PORT' },
    );
  }
  const metrics = createMetrics();
  let pipeline: Pipeline | undefined;
  let target: ContactsAccess | undefined;
  let endpoint: string | null = null;
  const routes =
    tokens === null
      ? undefined
      : lookupRoutes({
          tokens,
          target: () => target,
          self: () => endpoint ?? '',
          servedBy: config.group.instanceId,
          logger,
          metrics: createLookupMetrics(metrics.registry),
        });
  const server = await startMetricsServer({
    registry: metrics.registry,
    port,
    host,
    health: () => stagesHealth(pipeline?.stages),
    logger,
    ...(routes ? { routes } : {}),
  });
  if (tokens !== null) {
    endpoint = config.lookup.advertisedUrl ?? `http://${hostname()}:${server.port}`;
    logger.info({ endpoint, tokens: tokens.size }, 'lookup API on the metrics endpoint');
  }
  return {
    metrics,
    server,
    endpoint,
    attach(running) {
      pipeline = running;
      if (tokens !== null) target = running.contacts;
    },
    async close() {
      target = undefined;
      await server.close();
    },
  };
}
