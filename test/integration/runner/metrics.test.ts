// The runner's metrics on a real broker: a stage over N records and one poison pill reports
// what it committed (records consumed and produced per topic, the DLQ copy by its error code,
// committed transactions), its restores, the partitions it owns and its state, in the
// registry the test created; and /healthz follows the stage. Keys are phone numbers: none
// may appear in the exposition. Then `wa-identity run --metrics-port` end to end: the
// pipeline's metrics and health over HTTP while it runs, nothing listening after SIGTERM.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { runRun } from '../../../processors/applications/cli/commands/run.js';
import { runStage } from '../../../processors/adapters/kafka/index.js';
import {
  createMetrics,
  stagesHealth,
  startMetricsServer,
} from '../../../processors/adapters/metrics/index.js';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import { metricValue } from '../../unit/runtime/metrics/read-metric.js';
import { BSUID, PHONE, metaInbound } from '../../unit/pipeline/inputs.js';
import { usePipelineDeployments } from '../pipeline/harness.js';
import { collect, createStageTopics, testClient } from './harness.js';
import { UpperCountProcessor } from './upper-count-processor.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const PARTITIONS = 2;
const N = 40;
const PHONES = Array.from({ length: 8 }, (_, i) => `+1415555${String(100 + i).padStart(4, '0')}`);

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Polls `url` until `done` holds for its answer (status, body); connection errors retry. */
async function until(
  url: string,
  done: (status: number, body: string) => boolean,
  timeoutMs = 60_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string;
  for (;;) {
    try {
      const res = await fetch(url);
      const body = await res.text();
      if (done(res.status, body)) return body;
      last = `${res.status} ${body.slice(0, 500)}`;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting on ${url}: ${last}`);
    await sleep(100);
  }
}

describe('stage metrics', () => {
  it('counts what the stage committed, its restores, partitions and state', async () => {
    const topics = await createStageTopics(kit, PARTITIONS);
    const producer = await kit.producer();
    // State to restore: one entry per partition, so each partition's restore applies one.
    await producer.send({
      topic: topics.state,
      messages: [0, 1].map((partition) => ({ key: `seed-${partition}`, value: '1', partition })),
    });
    await producer.send({
      topic: topics.input,
      messages: [
        ...Array.from({ length: N / 2 }, (_, i) => ({
          key: PHONES[i % PHONES.length] ?? null,
          value: `v${i}`,
        })),
        { key: PHONES[0] ?? null, value: Buffer.from([0xff, 0xfe]) }, // not UTF-8: a poison pill
        ...Array.from({ length: N / 2 }, (_, i) => ({
          key: PHONES[(i + 3) % PHONES.length] ?? null,
          value: `w${i}`,
        })),
      ],
    });

    const metrics = createMetrics(new Registry());
    const { registry } = metrics;
    const processor = new UpperCountProcessor({
      outputTopic: topics.output,
      stateTopic: topics.state,
    });
    const stage = await runStage({
      client: testClient(kit),
      name: 'upper',
      groupId: randomName('g'),
      inputTopics: [topics.input],
      dlqTopic: topics.dlq,
      processor,
      metrics,
    });
    const server = await startMetricsServer({
      registry,
      port: 0,
      host: '127.0.0.1',
      health: () => stagesHealth([stage]),
    });
    const healthz = `http://127.0.0.1:${server.port}/healthz`;
    try {
      const outputs = await collect(kit, topics.output);
      const dlq = await collect(kit, topics.dlq);
      await outputs.atLeast(N);
      await dlq.atLeast(1);
      await waitFor(
        () => stage.state === 'RUNNING' && stage.owned().length === PARTITIONS,
        () => `stage ${stage.state}, owning ${stage.owned().length} partitions`,
      );
      const s = { stage: 'upper' };
      // RUNNING is entered after the owned count was reported for every ready partition.
      expect(await metricValue(registry, 'wai_owned_partitions', s)).toBe(PARTITIONS);
      expect(await metricValue(registry, 'wai_stage_state', { ...s, state: 'RUNNING' })).toBe(1);
      expect((await fetch(healthz)).status).toBe(200);
      expect((await fetch(healthz.replace('/healthz', '/ready'))).status).toBe(200);
      // Every input record committed: each owned partition's lag comes down to 0.
      const lags = async (): Promise<(number | undefined)[]> =>
        Promise.all(
          Array.from({ length: PARTITIONS }, (_, p) =>
            metricValue(registry, 'wai_consumer_lag', {
              ...s,
              topic: topics.input,
              partition: String(p),
            }),
          ),
        );
      let last: (number | undefined)[] = [];
      await waitFor(
        async () => (last = await lags()).every((lag) => lag === 0),
        () => `lags ${JSON.stringify(last)}`,
      );

      // Stopping finishes the in-flight transaction: every commit is counted after it.
      await stage.stop();
      expect((await fetch(healthz)).status).toBe(503);

      const consumed = 'wai_records_consumed_total';
      const produced = 'wai_records_produced_total';
      expect(await metricValue(registry, consumed, { ...s, topic: topics.input })).toBe(N + 1);
      expect(await metricValue(registry, produced, { ...s, topic: topics.output })).toBe(N);
      expect(await metricValue(registry, produced, { ...s, topic: topics.state })).toBe(N);
      expect(await metricValue(registry, produced, { ...s, topic: topics.dlq })).toBe(1);
      const dlqCount = 'wai_dlq_records_total';
      expect(await metricValue(registry, dlqCount, { ...s, code: 'WAI_BAD_INPUT' })).toBe(1);
      const committed = await metricValue(registry, 'wai_transactions_total', {
        ...s,
        outcome: 'committed',
      });
      expect(committed).toBeGreaterThan(0);

      const restored = processor.restores.reduce((sum, r) => sum + r.records, 0);
      expect(restored).toBeGreaterThanOrEqual(PARTITIONS);
      expect(await metricValue(registry, 'wai_restore_records_total', s)).toBe(restored);
      const restoreDuration = 'wai_restore_duration_seconds';
      expect(
        await metricValue(registry, restoreDuration, s, `${restoreDuration}_count`),
      ).toBeGreaterThan(0);

      expect(await metricValue(registry, 'wai_owned_partitions', s)).toBe(0);
      expect(await metricValue(registry, 'wai_stage_state', { ...s, state: 'STOPPED' })).toBe(1);
      expect(await metricValue(registry, 'wai_stage_state', { ...s, state: 'RUNNING' })).toBe(0);

      const exposition = await registry.metrics();
      expect(exposition).toContain('process_cpu_user_seconds_total');
      for (const phone of PHONES) expect(exposition).not.toContain(phone.slice(1));
    } finally {
      await stage.stop();
      await server.close();
    }
  });
});

describe('wa-identity run --metrics-port', () => {
  it('serves the pipeline metrics and health while it runs, and stops on SIGTERM', async () => {
    const d = await deployment('pipe-metrics');
    const { topics } = d.config;
    const port = await freePort();
    const signals = new EventEmitter();
    const stderr = new PassThrough();
    stderr.resume();
    const exit = runRun(
      ['--metrics-port', String(port)],
      {
        stdin: Readable.from([]),
        stdout: new PassThrough(),
        stderr,
        env: { ...d.env, WAI_METRICS_HOST: '127.0.0.1' },
        now: () => Date.now(),
      },
      signals,
    );
    // A run that ends early fails the test at once instead of after the waits below.
    const early = exit.then((code) => Promise.reject(new Error(`run exited early: ${code}`)));
    early.catch(() => undefined);
    const base = `http://127.0.0.1:${port}`;
    let outcome: unknown;
    try {
      await Promise.race([until(`${base}/healthz`, (status) => status === 200), early]);
      const producer = await kit.producer();
      await producer.send({
        topic: topics.input,
        messages: [
          { key: 'acme', value: metaInbound('wamid.M1', '2026-05-01T10:00:00Z', true) },
          { key: 'acme', value: '{"object":"whatsapp_business_account","entry":[' },
          // Nothing to process: counted, not dropped silently.
          { key: 'acme', value: '{"object":"whatsapp_business_account","entry":[]}' },
        ],
      });
      const line = (name: string, labels: string) => `${name}{${labels}} `;
      const consumed = line(
        'wai_records_consumed_total',
        `stage="normalize",topic="${topics.input}"`,
      );
      const data = line(
        'wai_records_produced_total',
        `stage="normalize",topic="${topics.dataStream}"`,
      );
      const running = line('wai_stage_state', 'stage="normalize",state="RUNNING"');
      const text = await Promise.race([
        until(
          `${base}/metrics`,
          (status, body) =>
            status === 200 &&
            body.includes(`${consumed}3\n`) &&
            body.includes(data) &&
            body.includes(`${running}1\n`),
        ),
        early,
      ]);
      expect(text).toContain(
        `${line('wai_dlq_records_total', 'stage="normalize",code="WAI_BAD_INPUT"')}1\n`,
      );
      expect(text).toContain(`${line('wai_records_without_items_total', 'stage="normalize"')}1\n`);
      expect(text).toMatch(/wai_owned_partitions\{stage="normalize"\} [1-9]/);
      expect(text).toContain('process_resident_memory_bytes');
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain(BSUID.slice(3));
    } finally {
      // Also when an expectation failed: the pipeline must be stopped before the test ends.
      signals.emit('SIGTERM');
      outcome = await exit.catch((err: unknown) => err);
    }
    expect(outcome).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
