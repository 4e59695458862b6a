// The runner's metrics facade: records count when their transaction commits (an aborted
// chunk is replayed, so counting it earlier would count it twice), DLQ copies by their error
// code, transactions by outcome, restores, owned partitions and the state as a 0/1 gauge.
import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { dlqRecord } from '../../../../processors/adapters/kafka/dlq.js';
import type { InputRecord, OutputRecord } from '../../../../processors/adapters/kafka/records.js';
import { WaiError } from '../../../../processors/domain/errors.js';
import {
  createMetrics,
  LIFECYCLE_STATES,
  NO_STAGE_METRICS,
  stageMetrics,
} from '../../../../processors/adapters/metrics/index.js';
import { labelSets, metricValue } from './read-metric.js';

const DLQ = 'test.dlq';

function input(offset: number): InputRecord {
  return {
    topic: 'test.in',
    partition: 0,
    offset: String(offset),
    key: Buffer.from('+14155550123'),
    value: Buffer.from('bad'),
    headers: {},
    timestamp: 0,
  };
}

function out(topic: string): OutputRecord {
  return { topic, key: 'k', value: 'v' };
}

function dlqOf(offset: number, code: 'WAI_BAD_INPUT' | 'WAI_BAD_IDENTIFIER'): OutputRecord {
  return dlqRecord(input(offset), new WaiError(code, 'nope'), { stage: 's', topic: DLQ, at: 0 });
}

/** A clock that moves by `step` seconds per reading. */
function ticking(step: number): () => number {
  let t = 100;
  return () => (t += step);
}

function setUp(now = ticking(0.5)) {
  const metrics = createMetrics(new Registry(), { defaultMetrics: false });
  const facade = stageMetrics(metrics, { stage: 'upper', dlqTopic: DLQ, now });
  return { registry: metrics.registry, facade };
}

describe('stageMetrics', () => {
  it('counts the records of a committed chunk per topic, DLQ copies per code', async () => {
    const { registry, facade } = setUp();
    const chunk = facade.chunk();
    chunk.sent([out('test.out'), out('test.state'), dlqOf(1, 'WAI_BAD_INPUT')]);
    chunk.sent([out('test.out'), dlqOf(3, 'WAI_BAD_INPUT'), dlqOf(4, 'WAI_BAD_IDENTIFIER')]);
    chunk.committed('test.in', 5);

    const stage = { stage: 'upper' };
    const consumed = 'wai_records_consumed_total';
    const produced = 'wai_records_produced_total';
    expect(await metricValue(registry, consumed, { ...stage, topic: 'test.in' })).toBe(5);
    expect(await metricValue(registry, produced, { ...stage, topic: 'test.out' })).toBe(2);
    expect(await metricValue(registry, produced, { ...stage, topic: 'test.state' })).toBe(1);
    expect(await metricValue(registry, produced, { ...stage, topic: DLQ })).toBe(3);
    const dlq = 'wai_dlq_records_total';
    expect(await metricValue(registry, dlq, { ...stage, code: 'WAI_BAD_INPUT' })).toBe(2);
    expect(await metricValue(registry, dlq, { ...stage, code: 'WAI_BAD_IDENTIFIER' })).toBe(1);
    const txns = 'wai_transactions_total';
    expect(await metricValue(registry, txns, { ...stage, outcome: 'committed' })).toBe(1);
    expect(await metricValue(registry, txns, { ...stage, outcome: 'aborted' })).toBe(0);
  });

  it('counts nothing of an aborted or fenced chunk but its outcome and duration', async () => {
    const { registry, facade } = setUp(ticking(0.25));
    const aborted = facade.chunk();
    aborted.sent([out('test.out'), dlqOf(1, 'WAI_BAD_INPUT')]);
    aborted.failed('aborted');
    const fenced = facade.chunk();
    fenced.sent([out('test.out')]);
    fenced.failed('fenced');
    // A chunk ends once: a late second report changes nothing.
    fenced.committed('test.in', 1);

    const stage = { stage: 'upper' };
    expect(
      await metricValue(registry, 'wai_records_produced_total', { ...stage, topic: 'test.out' }),
    ).toBeUndefined();
    expect(await metricValue(registry, 'wai_dlq_records_total', stage)).toBeUndefined();
    const txns = 'wai_transactions_total';
    expect(await metricValue(registry, txns, { ...stage, outcome: 'committed' })).toBe(0);
    expect(await metricValue(registry, txns, { ...stage, outcome: 'aborted' })).toBe(1);
    expect(await metricValue(registry, txns, { ...stage, outcome: 'fenced' })).toBe(1);
    const duration = 'wai_transaction_duration_seconds';
    expect(await metricValue(registry, duration, stage, `${duration}_count`)).toBe(2);
    expect(await metricValue(registry, duration, stage, `${duration}_sum`)).toBe(0.5);
  });

  it('times restores and counts the records they applied', async () => {
    const { registry, facade } = setUp(ticking(2));
    facade.restore()(7);
    facade.restore()(0);
    const stage = { stage: 'upper' };
    expect(await metricValue(registry, 'wai_restore_records_total', stage)).toBe(7);
    const duration = 'wai_restore_duration_seconds';
    expect(await metricValue(registry, duration, stage, `${duration}_count`)).toBe(2);
    expect(await metricValue(registry, duration, stage, `${duration}_sum`)).toBe(4);
  });

  it('sets owned partitions, and exactly one lifecycle state to 1', async () => {
    const { registry, facade } = setUp();
    const stage = { stage: 'upper' };
    expect(await metricValue(registry, 'wai_owned_partitions', stage)).toBe(0);
    facade.ownedPartitions(3);
    expect(await metricValue(registry, 'wai_owned_partitions', stage)).toBe(3);

    facade.state('RESTORING');
    facade.state('RUNNING');
    const states = await labelSets(registry, 'wai_stage_state');
    expect(states).toHaveLength(LIFECYCLE_STATES.length);
    for (const state of LIFECYCLE_STATES) {
      const value = await metricValue(registry, 'wai_stage_state', { ...stage, state });
      expect({ state, value }).toEqual({ state, value: state === 'RUNNING' ? 1 : 0 });
    }
  });

  it('labels with stage, topic, code and outcome only: never a key or a value', async () => {
    const { registry, facade } = setUp();
    const chunk = facade.chunk();
    chunk.sent([dlqOf(1, 'WAI_BAD_INPUT')]);
    chunk.committed('test.in', 1);
    const text = await registry.metrics();
    expect(text).not.toContain('14155550123');
    for (const name of ['wai_records_consumed_total', 'wai_dlq_records_total']) {
      for (const labels of await labelSets(registry, name))
        expect(Object.keys(labels).every((k) => ['stage', 'topic', 'code'].includes(k))).toBe(true);
    }
  });

  it('is a no-op without instruments', () => {
    const facade = stageMetrics(undefined, { stage: 'upper', dlqTopic: DLQ });
    expect(facade).toBe(NO_STAGE_METRICS);
    const chunk = facade.chunk();
    chunk.sent([out('test.out')]);
    expect(() => chunk.committed('test.in', 1)).not.toThrow();
  });
});

describe('createMetrics', () => {
  it('registers in the registry given, with process metrics, and nowhere else', async () => {
    const a = createMetrics();
    const b = createMetrics(new Registry(), { defaultMetrics: false });
    stageMetrics(a, { stage: 'split', dlqTopic: DLQ }).chunk().committed('raw', 4);
    expect(await metricValue(a.registry, 'wai_records_consumed_total', { topic: 'raw' })).toBe(4);
    expect(
      await metricValue(b.registry, 'wai_records_consumed_total', { topic: 'raw' }),
    ).toBeUndefined();
    const names = (await a.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'process_cpu_user_seconds_total',
        'nodejs_heap_size_used_bytes',
        'wai_records_consumed_total',
        'wai_records_produced_total',
        'wai_dlq_records_total',
        'wai_transactions_total',
        'wai_transaction_duration_seconds',
        'wai_restore_records_total',
        'wai_restore_duration_seconds',
        'wai_owned_partitions',
        'wai_stage_state',
      ]),
    );
    expect((await b.registry.getMetricsAsJSON()).map((m) => m.name)).not.toContain(
      'process_cpu_user_seconds_total',
    );
  });
});
