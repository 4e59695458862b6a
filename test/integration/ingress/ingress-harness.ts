// A real ingress on a free port for the ingress tests, closed (server, then producer) after
// each test, and a plain POST to it.
import { afterEach } from '@jest/globals';
import { Registry } from 'prom-client';
import type { HttpServer } from '../../../processors/adapters/http/http-server.js';
import { createKafka } from '../../../processors/adapters/kafka/index.js';
import { createIngressMetrics } from '../../../processors/adapters/metrics/ingress-metrics.js';
import { createAppender } from '../../../processors/applications/ingress/appender.js';
import { loadIngressSettings } from '../../../processors/applications/ingress/ingress-config.js';
import { startIngress } from '../../../processors/applications/ingress/ingress-server.js';
import { domainSettings } from '../../../processors/applications/worker/index.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { logger } from '../pipeline/harness.js';

export interface RunningIngress {
  url: (path: string) => string;
  registry: Registry;
}

/** Starts ingresses of a deployment (`env`) with `ingressEnv` settings and the clock `now`. */
export function useIngress(
  now: () => number,
): (env: Record<string, string>, ingressEnv: Record<string, string>) => Promise<RunningIngress> {
  const servers: HttpServer[] = [];
  const appenders: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await Promise.all(appenders.splice(0).map((a) => a.close()));
  });
  return async (env, ingressEnv) => {
    const config = loadConfig(env);
    const settings = loadIngressSettings(ingressEnv);
    const registry = new Registry();
    const appender = createAppender(createKafka(config, logger), settings.ackTimeoutMs);
    appenders.push(appender);
    const server = await startIngress({
      settings,
      inputTopic: config.topics.input,
      routing: domainSettings(config).routing,
      appender,
      metrics: createIngressMetrics(registry),
      registry,
      logger,
      now,
    });
    servers.push(server);
    return { url: (path) => `http://127.0.0.1:${server.port}${path}`, registry };
  };
}

export function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
