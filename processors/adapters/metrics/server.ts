// The worker's HTTP endpoint (node:http, nothing else listens): `GET /metrics` is the
// registry in Prometheus text exposition; `GET /healthz` (liveness) is 200 while every stage
// is RUNNING or RESTORING (RESTORING still processes its other partitions) and 503 otherwise:
// starting, stopping, stopped or failed; `GET /ready` (readiness) is 200 only while every
// stage is RUNNING: it joined its group (so the broker answered) and every assigned
// partition's state is restored. All answer HEAD too; other paths are 404.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { WaiError } from '../../domain/errors.js';
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
}

export interface MetricsServer {
  readonly host: string;
  /** The port bound. */
  readonly port: number;
  /** Stops listening and closes open (keep-alive) connections. */
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(head ? undefined : body);
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  o: MetricsServerOptions,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const head = req.method === 'HEAD';
  if (path !== '/metrics' && path !== '/healthz' && path !== '/ready')
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n', head);
  if (req.method !== 'GET' && !head) {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false);
  }
  if (path === '/healthz' || path === '/ready') {
    const report = o.health();
    const up = path === '/healthz' ? report.healthy : report.ready;
    const body = JSON.stringify({ status: up ? 'ok' : 'unavailable', stages: report.stages });
    return send(res, up ? 200 : 503, 'application/json', `${body}\n`, head);
  }
  send(res, 200, o.registry.contentType, await o.registry.metrics(), head);
}

export async function startMetricsServer(o: MetricsServerOptions): Promise<MetricsServer> {
  const host = o.host ?? '0.0.0.0';
  const server = createServer((req, res) => {
    handle(req, res, o).catch((err: unknown) => {
      o.logger?.error({ err }, 'metrics request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'error\n', false);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    const refused = (err: Error): void => {
      const message = `metrics server cannot listen on ${host}:${o.port}: ${err.message}`;
      reject(new WaiError('WAI_CONFIG', message, { field: 'WAI_METRICS_PORT', cause: err }));
    };
    server.once('error', refused);
    server.listen(o.port, host, () => {
      server.off('error', refused);
      server.on('error', (err) => o.logger?.error({ err }, 'metrics server error'));
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  o.logger?.info({ host, port }, 'metrics server listening');
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper's keep-alive connection would otherwise hold close() open.
        server.closeAllConnections();
      })),
  };
}
