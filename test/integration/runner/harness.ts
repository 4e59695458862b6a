// Shared pieces of the runner's integration tests: the product's Kafka client pointed at the
// test broker, a topic set for the upper-count stage, and collectors that read a topic
// read_committed (what our readers see) or read_uncommitted (what was written, aborted or not).
import type { Consumer } from 'kafkajs';
import { loadConfig } from '../../../processors/applications/config.js';
import { createKafka } from '../../../processors/adapters/kafka/index.js';
import type { InputRecord, KafkaClient } from '../../../processors/adapters/kafka/index.js';
import { toInputRecord } from '../../../processors/adapters/kafka/records.js';
import { restorePartitions } from '../../../processors/adapters/kafka/restore.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import type { KafkaTestKit } from '../../helpers/kafka.js';
import { randomName } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';

export function testClient(kit: KafkaTestKit, appId = randomName('wai-runner')): KafkaClient {
  const config = loadConfig({ KAFKA_BROKERS: kit.endpoints.brokers.join(','), WAI_APP_ID: appId });
  return createKafka(config, createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn' }));
}

export interface StageTopics {
  input: string;
  output: string;
  state: string;
  dlq: string;
}

export async function createStageTopics(
  kit: KafkaTestKit,
  partitions: number,
): Promise<StageTopics> {
  const [input, output, state, dlq] = await Promise.all([
    kit.createTopic('runner-in', { partitions }),
    kit.createTopic('runner-out', { partitions }),
    kit.createTopic('runner-state', { partitions, configs: { 'cleanup.policy': 'compact' } }),
    kit.createTopic('runner-dlq', { partitions: 1 }),
  ]);
  return { input, output, state, dlq };
}

export interface Collector {
  readonly records: InputRecord[];
  /** Waits until at least `n` records arrived. */
  atLeast(n: number, timeoutMs?: number): Promise<void>;
  consumer: Consumer;
}

export async function collect(
  kit: KafkaTestKit,
  topic: string,
  options: { readUncommitted?: boolean } = {},
): Promise<Collector> {
  const consumer = kit.consumer({
    readUncommitted: options.readUncommitted ?? false,
    maxWaitTimeInMs: 200,
  });
  const records: InputRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: ({ batch }) => {
      for (const m of batch.messages) records.push(toInputRecord(topic, batch.partition, m));
      return Promise.resolve();
    },
  });
  return {
    records,
    consumer,
    atLeast: (n, timeoutMs = 60_000) =>
      waitFor(
        () => records.length >= n,
        () => `${records.length} of ${n} records on ${topic}`,
        timeoutMs,
      ),
  };
}

export function header(r: InputRecord, name: string): string | undefined {
  const v = r.headers[name];
  return v === undefined ? undefined : (Buffer.isBuffer(v) ? v : v[0])?.toString();
}

/** Per key, the `count` headers of its outputs in offset order. */
export function countsByKey(outputs: readonly InputRecord[]): Map<string, number[]> {
  const sorted = [...outputs].sort((a, b) =>
    a.partition !== b.partition
      ? a.partition - b.partition
      : Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  const out = new Map<string, number[]>();
  for (const r of sorted) {
    const key = r.key?.toString() ?? '';
    const list = out.get(key) ?? [];
    list.push(Number(header(r, 'count')));
    out.set(key, list);
  }
  return out;
}

export function oneToN(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Everything committed on a topic now (read_committed, up to the current end). */
export async function readCommitted(
  client: KafkaClient,
  topic: string,
  partitions: readonly number[],
): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  await restorePartitions(client, { topic, partitions, apply: (r) => void records.push(r) });
  return records;
}
