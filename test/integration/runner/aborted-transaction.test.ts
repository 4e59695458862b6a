// A failure in the middle of a transaction aborts it: outputs already sent are never seen by
// read_committed readers, state changed by the aborted chunk is dropped and restored, and the
// chunk is replayed. A programmer error (not retriable) stops the stage instead.
import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import { runStage } from '../../../processors/adapters/kafka/index.js';
import type { PartitionProcessor } from '../../../processors/adapters/kafka/index.js';
import { restorePartitions } from '../../../processors/adapters/kafka/restore.js';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { collect, countsByKey, createStageTopics, header, oneToN, testClient } from './harness.js';
import { UpperCountProcessor } from './upper-count-processor.js';
import { present } from '../../helpers/present.js';

const kit = useKafka();
const KEYS = ['k0', 'k1', 'k2'];

describe('aborted transaction', () => {
  it('hides the aborted outputs, rolls the state back and replays the chunk', async () => {
    const topics = await createStageTopics(kit, 1);
    const appId = randomName('wai-runner');
    const client = testClient(kit, appId);
    const producer = await kit.producer();
    await producer.send({
      topic: topics.input,
      messages: Array.from({ length: 60 }, (_, i) => ({
        key: KEYS[i % 3] ?? null,
        value: `v-${i}`,
      })),
    });
    // Fails at the 24th record: four calls of 5 records were already sent in its transaction.
    const processor = new UpperCountProcessor({
      outputTopic: topics.output,
      stateTopic: topics.state,
      failOnceOnValue: 'v-23',
    });
    const stage = await runStage({
      client,
      name: 'upper',
      groupId: randomName('g'),
      inputTopics: [topics.input],
      dlqTopic: topics.dlq,
      processor,
      maxRecordsPerTransaction: 50,
      recordsPerCall: 5,
      backoff: { initialMs: 100, maxMs: 1000 },
    });
    const committed = await collect(kit, topics.output);
    const everything = await collect(kit, topics.output, { readUncommitted: true });
    await committed.atLeast(60);
    await everything.atLeast(80);
    await stage.stop();

    // Exactly once for read_committed readers: each input offset once, counts 1..20 per key.
    expect(committed.records).toHaveLength(60);
    const sources = committed.records.map((r) => Number(header(r, 'source-offset')));
    expect(sources).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(countsByKey(committed.records)).toEqual(new Map(KEYS.map((k) => [k, oneToN(20)])));
    // The aborted transaction really wrote its first 20 outputs; only aborted data is extra.
    const aborted = everything.records.filter(
      (u) => !committed.records.some((c) => c.offset === u.offset),
    );
    expect(aborted.map((r) => Number(header(r, 'source-offset')))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    // Restored once on assignment and once more for the rollback.
    expect(processor.restores.map((r) => r.partition)).toEqual([0, 0]);
    const state = new Map<string, string>();
    await restorePartitions(client, {
      topic: topics.state,
      partitions: [0],
      apply: (r) => void state.set(present(r.key).toString(), present(r.value).toString()),
    });
    expect(state).toEqual(new Map(KEYS.map((k) => [k, '20'])));
    // Every restore's throw-away consumer group is gone.
    const { groups } = await (await kit.admin()).listGroups();
    expect(groups.filter((g) => g.groupId.startsWith(`${appId}-restore-`))).toEqual([]);
  }, 120_000);

  it('stops the stage on a programmer error, committing nothing', async () => {
    const topics = await createStageTopics(kit, 1);
    const producer = await kit.producer();
    await producer.send({ topic: topics.input, messages: [{ key: 'a', value: 'x' }] });
    const buggy: PartitionProcessor = {
      assign: () => Promise.resolve(),
      revoke: () => undefined,
      processBatch: (records) => {
        if (records.length > 0) throw new TypeError('cannot read properties of undefined');
        return [];
      },
    };
    const admin = await kit.admin();
    const groupId = randomName('g');
    const stage = await runStage({
      client: testClient(kit),
      name: 'buggy',
      groupId,
      inputTopics: [topics.input],
      dlqTopic: topics.dlq,
      processor: buggy,
    });
    const failure = await stage.done.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(stage.state).toBe('FAILED');
    expect(failure).toBeInstanceOf(WaiError);
    expect(failure).toMatchObject({ code: 'WAI_INTERNAL', retriable: false });
    expect((failure as WaiError).source).toEqual({
      topic: topics.input,
      partition: 0,
      offset: '0',
    });
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topics.input] });
    expect(offsets?.partitions).toEqual([{ partition: 0, offset: '-1', metadata: null }]);
  }, 120_000);
});
