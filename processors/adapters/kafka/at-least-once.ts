// An at-least-once consumer for side effects outside Kafka (HTTP deliveries): a batch of one
// partition is handed over, and its offsets are committed only after the handler resolved,
// so a crash replays what was not finished. Partitions are handled concurrently; a handler
// that takes long calls `heartbeat` to keep its membership. A handler that throws stops the
// consumer with that error (nothing after the failed batch is committed); one that throws
// after stop() was called (its work aborted) just leaves its batch uncommitted.
import type { EachBatchPayload } from 'kafkajs';
import { toWaiError } from '../../domain/errors.js';
import type { KafkaClient } from './client.js';
import { toInputRecord, type InputRecord } from './records.js';

export interface AtLeastOnceOptions {
  client: KafkaClient;
  groupId: string;
  topic: string;
  /** Default true: a new group starts at the earliest offset. */
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Resolves when every record's side effect is done (or dead-lettered). */
  handle(records: readonly InputRecord[], heartbeat: () => Promise<void>): Promise<void>;
}

export interface AtLeastOnceConsumer {
  /** Stops fetching, lets the batches in progress finish and commit, leaves the group. */
  stop(): Promise<void>;
  /** Resolves on stop, rejects when a handler failed. */
  readonly done: Promise<void>;
}

export async function runAtLeastOnce(o: AtLeastOnceOptions): Promise<AtLeastOnceConsumer> {
  const consumer = o.client.kafkajs.consumer({
    groupId: o.groupId,
    readUncommitted: false,
    sessionTimeout: o.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: Math.floor((o.sessionTimeoutMs ?? 10_000) / 10),
  });
  let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let stopping: Promise<void> | undefined;
  let stopRequested = false;
  const stop = (failure?: unknown): Promise<void> => {
    stopRequested = true;
    return (stopping ??= consumer.disconnect().then(
      () => (failure === undefined ? settle?.resolve() : settle?.reject(failure)),
      (err: unknown) => settle?.reject(failure ?? err),
    ));
  };

  const eachBatch = async (payload: EachBatchPayload) => {
    const { batch } = payload;
    if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
    const records = batch.messages.map((m) => toInputRecord(batch.topic, batch.partition, m));
    try {
      await o.handle(records, () => payload.heartbeat());
    } catch (err) {
      // A handler cut short by stop() leaves its batch uncommitted: the next owner replays it.
      if (stopRequested) return;
      void stop(toWaiError(err));
      throw err;
    }
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: next },
    ]);
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [o.topic], fromBeginning: o.fromBeginning ?? true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 4,
    eachBatch,
  });
  return { stop: () => stop(), done };
}
