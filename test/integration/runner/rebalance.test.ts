// Two workers in one group split the input partitions; when one stops, the other takes its
// partitions over and restores their state first, so the per-key counts continue exactly.
import { describe, expect, it } from '@jest/globals';
import { runStage } from '../../../processors/adapters/kafka/index.js';
import type { StageHandle } from '../../../processors/adapters/kafka/index.js';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import { collect, countsByKey, createStageTopics, oneToN, testClient } from './harness.js';
import type { StageTopics } from './harness.js';
import { UpperCountProcessor } from './upper-count-processor.js';

const kit = useKafka();
const PARTITIONS = 4;
const KEYS = Array.from({ length: 12 }, (_, i) => `key-${i}`);

function inputs(round: number, perKey: number): { key: string; value: string }[] {
  return Array.from({ length: perKey }, (_, n) =>
    KEYS.map((key) => ({ key, value: `${key}-r${round}-${n}` })),
  ).flat();
}

async function worker(topics: StageTopics, groupId: string, appId: string) {
  const processor = new UpperCountProcessor({
    outputTopic: topics.output,
    stateTopic: topics.state,
  });
  const stage = await runStage({
    client: testClient(kit, appId),
    name: 'upper',
    groupId,
    inputTopics: [topics.input],
    dlqTopic: topics.dlq,
    processor,
    sessionTimeoutMs: 10_000,
  });
  return { stage, processor };
}

const owned = (s: StageHandle) => s.owned().map((tp) => tp.partition);

describe('rebalance', () => {
  it('splits partitions between two workers and moves state with a partition', async () => {
    const topics = await createStageTopics(kit, PARTITIONS);
    const groupId = randomName('g');
    const appId = randomName('wai-runner');
    const producer = await kit.producer();
    const outputs = await collect(kit, topics.output);

    const a = await worker(topics, groupId, appId);
    const b = await worker(topics, groupId, appId);
    await waitFor(
      () =>
        owned(a.stage).length + owned(b.stage).length === PARTITIONS && owned(b.stage).length > 0,
      () => `a owns ${owned(a.stage).join(',')}, b owns ${owned(b.stage).join(',')}`,
    );
    const fromB = owned(b.stage);
    expect(owned(a.stage).filter((p) => fromB.includes(p))).toEqual([]);

    await producer.send({ topic: topics.input, messages: inputs(1, 5) });
    await outputs.atLeast(KEYS.length * 5);
    // Both workers processed something: the split is real.
    const byPartition = new Set(outputs.records.map((r) => r.partition));
    expect([...byPartition].sort()).toEqual([0, 1, 2, 3]);

    const restoresBefore = a.processor.restores.length;
    await b.stage.stop();
    expect(b.stage.state).toBe('STOPPED');
    await waitFor(
      () => owned(a.stage).length === PARTITIONS && a.stage.state === 'RUNNING',
      () => `a owns ${owned(a.stage).join(',')} (${a.stage.state})`,
    );
    // a restored the state b had written for the partitions it took over.
    const restoredFromB = a.processor.restores.slice(restoresBefore);
    expect(restoredFromB.map((r) => r.partition).sort()).toEqual([...fromB].sort());
    expect(restoredFromB.every((r) => r.records > 0)).toBe(true);

    await producer.send({ topic: topics.input, messages: inputs(2, 3) });
    await outputs.atLeast(KEYS.length * 8);
    await a.stage.stop();

    expect(outputs.records).toHaveLength(KEYS.length * 8);
    expect(countsByKey(outputs.records)).toEqual(new Map(KEYS.map((k) => [k, oneToN(8)])));
  }, 120_000);
});
