// A plain (non-transactional) idempotent sink, for tools, fixtures and tests that feed topics.
// Stages do not use it: their outputs go through the runner's transactions.
import { Partitioners } from 'kafkajs';
import type { KafkaClient } from './client.js';
import { byTopic } from './records.js';
import type { OutputRecord } from './records.js';

export interface Sink {
  /** Resolves when every record is acknowledged by all in-sync replicas. */
  send(records: readonly OutputRecord[]): Promise<void>;
  close(): Promise<void>;
}

export async function createSink(client: KafkaClient): Promise<Sink> {
  const producer = client.kafkajs.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return {
    async send(records) {
      if (records.length > 0)
        await producer.sendBatch({ topicMessages: byTopic(records), acks: -1 });
    },
    close: () => producer.disconnect(),
  };
}

/**
 * A sink whose every `send` is one transaction: all its records become visible to
 * read_committed readers together, or none does. A second sink with the same
 * `transactionalId` fences this one (its next send fails), so one id per writer instance.
 */
export async function createTransactionalSink(
  client: KafkaClient,
  transactionalId: string,
): Promise<Sink> {
  const producer = client.kafkajs.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  // One transaction at a time per producer: concurrent callers queue.
  let queue: Promise<unknown> = Promise.resolve();
  const inTransaction = async (records: readonly OutputRecord[]): Promise<void> => {
    const tx = await producer.transaction();
    try {
      await tx.sendBatch({ topicMessages: byTopic(records), acks: -1 });
      await tx.commit();
    } catch (err) {
      await tx.abort().catch(() => undefined);
      throw err;
    }
  };
  return {
    send(records) {
      if (records.length === 0) return Promise.resolve();
      const sent = queue.then(() => inTransaction(records));
      queue = sent.catch(() => undefined);
      return sent;
    },
    close: () => producer.disconnect(),
  };
}
