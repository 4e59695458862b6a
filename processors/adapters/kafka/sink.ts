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
