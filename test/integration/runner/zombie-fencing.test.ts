// A worker that stalls inside a transaction longer than its session timeout is a zombie: the
// group gives its partition to another worker, whose producer initialization (same
// per-partition transactional id) aborts the zombie's transaction and fences it. The zombie's
// commit then fails, it drops the partition quietly and keeps running; outputs stay exactly
// once and the counts stay right.
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { createKafka, runStage } from '../../../processors/adapters/kafka/index.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import {
  collect,
  countsByKey,
  createStageTopics,
  header,
  oneToN,
  readCommitted,
} from './harness.js';
import { UpperCountProcessor } from './upper-count-processor.js';

const kit = useKafka();

describe('zombie fencing', () => {
  it('fences a stalled worker whose partition moved and keeps outputs exactly once', async () => {
    const topics = await createStageTopics(kit, 1);
    const appId = randomName('wai-runner');
    const groupId = randomName('g');
    const config = loadConfig({
      KAFKA_BROKERS: kit.endpoints.brokers.join(','),
      WAI_APP_ID: appId,
    });
    const zombieLog: { msg?: string; level?: number }[] = [];
    const zombieLogger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, callback) {
          zombieLog.push(JSON.parse(chunk.toString()) as { msg?: string });
          callback();
        },
      }),
    });
    const quiet = createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn' });
    const producer = await kit.producer();
    const messages = Array.from({ length: 40 }, (_, i) => ({ key: `k${i % 4}`, value: `v-${i}` }));
    await producer.send({ topic: topics.input, messages });
    const outputs = await collect(kit, topics.output);
    const stage = (logger: typeof quiet, processor: UpperCountProcessor) =>
      runStage({
        client: createKafka(config, logger),
        name: 'upper',
        groupId,
        inputTopics: [topics.input],
        dlqTopic: topics.dlq,
        processor,
        sessionTimeoutMs: 6000,
        maxRecordsPerTransaction: 10,
        recordsPerCall: 5,
      });

    // The zombie stalls 12 s in its first transaction, after having sent its first outputs.
    const zombieProcessor = new UpperCountProcessor({
      outputTopic: topics.output,
      stateTopic: topics.state,
      firstCallDelayMs: 12_000,
    });
    const zombie = await stage(zombieLogger, zombieProcessor);
    await waitFor(
      () => zombie.owned().length === 1,
      () => `zombie owns ${zombie.owned().length}`,
    );
    const healthy = await stage(
      quiet,
      new UpperCountProcessor({ outputTopic: topics.output, stateTopic: topics.state }),
    );
    await outputs.atLeast(40, 60_000);
    await waitFor(
      () => zombieLog.some((l) => l.msg === 'partition taken over by another worker: dropping it'),
      () => `zombie log: ${zombieLog.map((l) => l.msg).join(' | ')}`,
      60_000,
    );
    expect(zombie.state).not.toBe('FAILED');
    await Promise.all([zombie.stop(), healthy.stop()]);

    const all = await readCommitted(createKafka(config, quiet), topics.output, [0]);
    expect(all.length).toBe(40);
    const sources = all.map((r) => Number(header(r, 'source-offset'))).sort((a, b) => a - b);
    expect(sources).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(countsByKey(all)).toEqual(new Map(['k0', 'k1', 'k2', 'k3'].map((k) => [k, oneToN(10)])));
  }, 120_000);
});
