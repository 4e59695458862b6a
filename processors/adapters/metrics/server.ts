// The worker's HTTP endpoint (node:http, nothing else listens): `GET /metrics` is the
// registry in Prometheus text exposition; `GET /healthz` (liveness) is 200 while every stage
// is RUNNING or RESTORING (RESTORING still processes its other partitions) and 503 otherwise:
// starting, stopping, stopped or failed; `GET /ready` (readiness) is 200 only while every
// stage is RUNNING: it joined its group (so the broker answered) and every assigned
// partition's state is restored. All answer HEAD too; other paths are 404, unless `routes`
// (the lookup API) takes them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { startHttpServer, type HttpServer } from '../http/http-server.js';
import type { LifecycleState } from '../lifecycle/lifecycle.js';
import type { Logger } from '../logging/logger.js';

export interface HealthReport {
  healthy: boolean;
  /** Every stage RUNNING: joined, and every assigned partition restored. */
  ready: boolean;
  /** Stage name → state; empty while the stages are not started yet. */
  stages: Readonly<Record<string, LifecycleState>>;
}

const HEALTHY: readonly LifecycleState[] = ['RUNNING', 'RESTORING'];

/**
 * Healthy when there are stages and each is RUNNING or RESTORING, ready when each is RUNNING;
 * `undefined`: not started.
 */
export function stagesHealth(
  stages: readonly { readonly name: string; readonly state: LifecycleState }[] | undefined,
): HealthReport {
  const list = stages ?? [];
  return {
    healthy: list.length > 0 && list.every((s) => HEALTHY.includes(s.state)),
    ready: list.length > 0 && list.every((s) => s.state === 'RUNNING'),
    stages: Object.fromEntries(list.map((s) => [s.name, s.state])),
  };
}

export interface MetricsServerOptions {
  registry: Registry;
  /** 0 picks a free port (see MetricsServer.port). */
  port: number;
  /** Default 0.0.0.0 (every IPv4 interface). */
  host?: string;
  health: () => HealthReport;
  logger?: Logger;
  /**
   * More routes on the same endpoint (the lookup API, the explorer): tried first, answers
   * true when it handled the request.
   */
  routes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

export type MetricsServer = HttpServer;

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  o: MetricsServerOptions,
): Promise<void> {
  if (o.routes !== undefined && (await o.routes(req, res))) return;
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const head = req.method === 'HEAD';
  if (path !== '/metrics' && path !== '/healthz' && path !== '/ready') {
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n', head);
    return;
  }
  if (req.method !== 'GET' && !head) {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false);
    return;
  }
  if (path === '/healthz' || path === '/ready') {
    const report = o.health();
    const up = path === '/healthz' ? report.healthy : report.ready;
    const body = JSON.stringify({ status: up ? 'ok' : 'unavailable', stages: report.stages });
    send(res, up ? 200 : 503, 'application/json', `${body}\n`, head);
    return;
  }
  send(res, 200, o.registry.contentType, await o.registry.metrics(), head);
}

export async function startMetricsServer(o: MetricsServerOptions): Promise<MetricsServer> {
  const server = await startHttpServer({
    port: o.port,
    host: o.host ?? '0.0.0.0',
    handler: (req, res) => handle(req, res, o),
    what: 'metrics server',
    portSetting: 'WAI_METRICS_PORT',
    ...(o.logger ? { logger: o.logger } : {}),
  });
  o.logger?.info({ host: server.host, port: server.port }, 'metrics server listening');
  return server;
}
