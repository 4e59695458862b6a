// One transactional producer per assigned input partition. kafkajs has no KIP-447 (fencing by
// consumer-group metadata), so zombie fencing relies on the transactional id being fixed per
// input partition, `<appId>-<stage>-<topic>-<partition>`: whoever initializes it last owns the
// partition, and the broker rejects the previous holder (INVALID_PRODUCER_EPOCH) and aborts
// its open transaction.
//
// What must hold: a producer whose commit or abort failed or timed out is in an unknown state
// (kafkajs stays in COMMITTING/ABORTING and refuses new transactions), so it is `broken`:
// the owner closes it and opens a new one, whose initialization completes or aborts whatever
// the old one left open before anything else is read.
import { Partitioners } from 'kafkajs';
import type { Producer, Transaction } from 'kafkajs';
import type { Logger } from '../logging/logger.js';
import { withTimeout } from '../lifecycle/timeout.js';
import type { KafkaClient } from './client.js';
import { byTopic } from './records.js';
import type { OutputRecord, TopicPartition } from './records.js';

export interface PartitionProducerOptions {
  transactionalId: string;
  /** Broker-side limit of an open transaction; must exceed the longest batch. */
  transactionTimeoutMs: number;
  /** Client-side deadline of each step (send, offsets, commit, abort, init). */
  stepTimeoutMs: number;
  logger: Logger;
}

export interface OffsetCommit {
  groupId: string;
  input: TopicPartition;
  /** The next offset to consume: last processed offset + 1. */
  nextOffset: string;
}

/** Where a send put records: the first offset of its batch on one topic-partition. */
export interface WrittenBatch {
  topic: string;
  partition: number;
  baseOffset: string;
}

export function transactionalIdFor(appId: string, stage: string, tp: TopicPartition): string {
  return `${appId}-${stage}-${tp.topic}-${tp.partition}`;
}

export class BatchTransaction {
  private ended = false;

  constructor(
    private readonly txn: Transaction,
    private readonly owner: PartitionProducer,
    private readonly stepTimeoutMs: number,
  ) {}

  /** Sends within the transaction; tells where each topic-partition's batch begins. */
  async send(records: readonly OutputRecord[]): Promise<WrittenBatch[]> {
    if (records.length === 0) return [];
    const sent = await this.step(
      this.txn.sendBatch({ topicMessages: byTopic(records) }),
      'send outputs',
    );
    return sent.flatMap((r) =>
      r.baseOffset === undefined
        ? []
        : [{ topic: r.topicName, partition: r.partition, baseOffset: r.baseOffset }],
    );
  }

  /** Adds the input offset to the transaction and commits: outputs and offset become visible together. */
  async commit(offsets: OffsetCommit): Promise<void> {
    const { groupId, input, nextOffset } = offsets;
    await this.step(
      this.txn.sendOffsets({
        consumerGroupId: groupId,
        topics: [
          { topic: input.topic, partitions: [{ partition: input.partition, offset: nextOffset }] },
        ],
      }),
      'send offsets',
    );
    this.ended = true;
    try {
      await this.step(this.txn.commit(), 'commit');
    } catch (err) {
      this.owner.markBroken();
      throw err;
    }
  }

  /** Best effort; a failed abort marks the producer broken (the next owner's init aborts it). */
  async abort(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      await this.step(this.txn.abort(), 'abort');
    } catch {
      this.owner.markBroken();
    }
  }

  private step<T>(work: Promise<T>, what: string): Promise<T> {
    return withTimeout(work, this.stepTimeoutMs, `transaction ${what}`);
  }
}

export class PartitionProducer {
  private isBroken = false;

  private constructor(
    private readonly producer: Producer,
    private readonly options: PartitionProducerOptions,
  ) {}

  /** Connects and initializes the transactional id, which fences any earlier holder. */
  static async open(
    client: KafkaClient,
    options: PartitionProducerOptions,
  ): Promise<PartitionProducer> {
    const producer = client.kafkajs.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, unlike kafkajs's idempotent default (forever): a send that keeps failing must
      // surface so the transaction is aborted and replayed instead of hanging the partition.
      retry: { retries: 5 },
    });
    const opened = new PartitionProducer(producer, options);
    try {
      await withTimeout(
        (async () => {
          await producer.connect();
          // kafkajs initializes the transactional id on the first transaction; an empty one
          // ends locally without an EndTxn request.
          const txn = await producer.transaction();
          await txn.abort();
        })(),
        options.stepTimeoutMs,
        `init of ${options.transactionalId}`,
      );
    } catch (err) {
      await opened.close();
      throw err;
    }
    return opened;
  }

  get transactionalId(): string {
    return this.options.transactionalId;
  }

  get broken(): boolean {
    return this.isBroken;
  }

  markBroken(): void {
    this.isBroken = true;
  }

  async begin(): Promise<BatchTransaction> {
    try {
      const txn = await withTimeout(
        this.producer.transaction(),
        this.options.stepTimeoutMs,
        'transaction begin',
      );
      return new BatchTransaction(txn, this, this.options.stepTimeoutMs);
    } catch (err) {
      this.isBroken = true;
      throw err;
    }
  }

  async close(): Promise<void> {
    try {
      await withTimeout(this.producer.disconnect(), this.options.stepTimeoutMs, 'producer close');
    } catch (err) {
      this.options.logger.warn({ err }, 'transactional producer did not close cleanly');
    }
  }
}
