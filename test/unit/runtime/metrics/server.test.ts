// The worker's HTTP endpoint on a real socket (127.0.0.1, a free port): /metrics is the
// registry's text exposition, /healthz follows the stages' states, and close() really stops
// listening, also with a keep-alive connection open.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { WaiError } from '../../../../processors/domain/errors.js';
import type { LifecycleState } from '../../../../processors/adapters/lifecycle/lifecycle.js';
import {
  createMetrics,
  stageMetrics,
  stagesHealth,
  startMetricsServer,
} from '../../../../processors/adapters/metrics/index.js';
import type { HealthReport, MetricsServer } from '../../../../processors/adapters/metrics/index.js';

const opened: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function serve(health: () => HealthReport, registry = new Registry()) {
  const server = await startMetricsServer({ registry, port: 0, host: '127.0.0.1', health });
  opened.push(server);
  return { server, url: (path: string) => `http://127.0.0.1:${server.port}${path}` };
}

describe('stagesHealth', () => {
  const stage = (name: string, state: LifecycleState) => ({ name, state });

  it('is healthy while every stage is RUNNING or RESTORING', () => {
    expect(stagesHealth([stage('split', 'RUNNING'), stage('resolve', 'RESTORING')])).toEqual({
      healthy: true,
      ready: false,
      stages: { split: 'RUNNING', resolve: 'RESTORING' },
    });
  });

  it('is ready only when every stage is RUNNING (restored), and there are stages', () => {
    expect(stagesHealth([stage('normalize', 'RUNNING')]).ready).toBe(true);
    for (const state of ['STARTING', 'RESTORING', 'STOPPING', 'FAILED'] as const)
      expect(stagesHealth([stage('a', 'RUNNING'), stage('b', state)]).ready).toBe(false);
    expect(stagesHealth([]).ready).toBe(false);
  });

  it('is unhealthy when one stage is not, or before there are stages', () => {
    for (const state of ['CREATED', 'STARTING', 'STOPPING', 'STOPPED', 'FAILED'] as const)
      expect(stagesHealth([stage('split', 'RUNNING'), stage('resolve', state)]).healthy).toBe(
        false,
      );
    expect(stagesHealth(undefined)).toEqual({ healthy: false, ready: false, stages: {} });
    expect(stagesHealth([]).healthy).toBe(false);
  });
});

describe('startMetricsServer', () => {
  it('serves the registry in Prometheus text format at GET /metrics', async () => {
    const metrics = createMetrics(new Registry(), { defaultMetrics: false });
    const chunk = stageMetrics(metrics, { stage: 'split', dlqTopic: 'dlq' }).chunk();
    chunk.sent([{ topic: 'events', key: 'k', value: 'v' }]);
    chunk.committed('raw', 1);
    const { url } = await serve(() => stagesHealth(undefined), metrics.registry);

    const res = await fetch(url('/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(metrics.registry.contentType);
    const text = await res.text();
    expect(text).toContain('# TYPE wai_records_consumed_total counter');
    expect(text).toContain('wai_records_consumed_total{stage="split",topic="raw"} 1');
    expect(text).toContain('wai_records_produced_total{stage="split",topic="events"} 1');
    expect(text).toContain('wai_transactions_total{stage="split",outcome="committed"} 1');
    const head = await fetch(url('/metrics'), { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('answers GET /healthz 200 or 503 as the stages are, with their states', async () => {
    let states: { name: string; state: LifecycleState }[] | undefined;
    const { url } = await serve(() => stagesHealth(states));

    const starting = await fetch(url('/healthz'));
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ status: 'unavailable', stages: {} });

    states = [
      { name: 'split', state: 'RUNNING' },
      { name: 'resolve', state: 'RESTORING' },
    ];
    const up = await fetch(url('/healthz'));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({
      status: 'ok',
      stages: { split: 'RUNNING', resolve: 'RESTORING' },
    });

    states = [
      { name: 'split', state: 'RUNNING' },
      { name: 'resolve', state: 'FAILED' },
    ];
    const down = await fetch(url('/healthz?verbose=1'));
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'unavailable',
      stages: { split: 'RUNNING', resolve: 'FAILED' },
    });
  });

  it('answers GET /ready 200 only while every stage is RUNNING', async () => {
    let states: { name: string; state: LifecycleState }[] | undefined;
    const { url } = await serve(() => stagesHealth(states));
    expect((await fetch(url('/ready'))).status).toBe(503);
    states = [{ name: 'normalize', state: 'RESTORING' }];
    const restoring = await fetch(url('/ready'));
    expect(restoring.status).toBe(503);
    expect(await restoring.json()).toEqual({
      status: 'unavailable',
      stages: { normalize: 'RESTORING' },
    });
    expect((await fetch(url('/healthz'))).status).toBe(200);
    states = [{ name: 'normalize', state: 'RUNNING' }];
    expect((await fetch(url('/ready'))).status).toBe(200);
    expect((await fetch(url('/ready'), { method: 'HEAD' })).status).toBe(200);
  });

  it('answers 404 to other paths and 405 to other methods', async () => {
    const { url } = await serve(() => stagesHealth(undefined));
    expect((await fetch(url('/'))).status).toBe(404);
    expect((await fetch(url('/metrics/extra'))).status).toBe(404);
    const post = await fetch(url('/metrics'), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 500 when collecting fails', async () => {
    const registry = new Registry();
    new Gauge({
      name: 'broken',
      help: 'a collector that throws',
      registers: [registry],
      collect() {
        throw new Error('collector failed');
      },
    });
    const { url } = await serve(() => stagesHealth(undefined), registry);
    expect((await fetch(url('/metrics'))).status).toBe(500);
  });

  it('stops listening on close, even with a keep-alive connection open', async () => {
    const { server, url } = await serve(() => stagesHealth(undefined));
    // fetch keeps the connection alive for reuse.
    expect((await fetch(url('/healthz'))).status).toBe(503);
    await server.close();
    await expect(fetch(url('/healthz'))).rejects.toThrow();
    // A second close is harmless.
    await server.close();
  });

  it('refuses a port in use with a configuration error naming WAI_METRICS_PORT', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const refused = startMetricsServer({
        registry: new Registry(),
        port,
        host: '127.0.0.1',
        health: () => stagesHealth(undefined),
      });
      await expect(refused).rejects.toThrow(WaiError);
      await expect(refused).rejects.toMatchObject({
        code: 'WAI_CONFIG',
        field: 'WAI_METRICS_PORT',
        message: expect.stringMatching(/cannot listen on 127\.0\.0\.1:\d+.*EADDRINUSE/),
      });
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
