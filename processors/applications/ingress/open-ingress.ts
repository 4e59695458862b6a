// The ingress with what it needs, as `wa-identity ingress` and the tests run it: the appender
// over its own Kafka client (connected on first use), and the server listening on the
// configured port. Closing stops the server first, so no request is taken that the appender
// could no longer acknowledge, then the producer.
import type { Registry } from 'prom-client';
import { createKafka } from '../../adapters/kafka/index.js';
import type { HttpServer } from '../../adapters/http/http-server.js';
import type { Logger } from '../../adapters/logging/logger.js';
import { createIngressMetrics } from '../../adapters/metrics/ingress-metrics.js';
import type { AppConfig } from '../config.js';
import { domainSettings } from '../worker/domain-settings.js';
import { createAppender } from './appender.js';
import type { IngressSettings } from './ingress-config.js';
import { startIngress } from './ingress-server.js';

export interface OpenIngressOptions {
  config: AppConfig;
  settings: IngressSettings;
  /** Where the ingress metrics are registered; served at GET /metrics. */
  registry: Registry;
  logger: Logger;
  /** Epoch ms: the record time, and the clock of signature replay windows. */
  now: () => number;
}

export interface OpenIngress {
  server: HttpServer;
  /** Lets requests in progress finish for up to `graceMs`, then closes the producer. */
  close(graceMs: number): Promise<void>;
}

export async function openIngress(o: OpenIngressOptions): Promise<OpenIngress> {
  const appender = createAppender(createKafka(o.config, o.logger), o.settings.ackTimeoutMs);
  const server = await startIngress({
    settings: o.settings,
    inputTopic: o.config.topics.input,
    routing: domainSettings(o.config).routing,
    appender,
    metrics: createIngressMetrics(o.registry),
    registry: o.registry,
    logger: o.logger,
    now: o.now,
  });
  return {
    server,
    close: async (graceMs) => {
      await server.close(graceMs);
      await appender.close();
    },
  };
}
