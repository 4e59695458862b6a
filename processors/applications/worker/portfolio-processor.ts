// The worker's processor on Kafka: the exactly-once runner's PartitionProcessor around the
// domain's `processInput`. The input log is keyed by portfolio, so a partition's owner holds
// the whole state of every portfolio on it, restored from the same partition of the compacted
// contact-book topic (the contact book is partitioned by portfolio too), and applies every
// identity change, link and merge at once, in the log's order. Nothing travels between
// partitions, so the outputs depend on the input log only: they equal `wa-identity normalize`
// over the same records, whatever the timing, the number of workers, kills or replays.
//
// Per record: process (state changes open for undo) → encode every output → commit the
// changes. An output that cannot be encoded, or a record on the wrong partition, undoes the
// record's changes and sends the record to the DLQ. A retriable error (none arise here today)
// would abort the batch; the runner then drops and restores the partition.
import { WaiError, toWaiError } from '../../domain/errors.js';
import {
  ContactBookState,
  type ContactBookValue,
} from '../../domain/identity/contact-book-state.js';
import type { ResolverConfig } from '../../domain/identity/config.js';
import {
  createMemoryResolver,
  type MemoryResolver,
} from '../../domain/identity/memory-resolver.js';
import type { RoutingSettings } from '../../domain/stream/input-log.js';
import { processInput } from '../../domain/stream/process-input.js';
import { partitionForKey } from '../../adapters/kafka/index.js';
import type {
  AssignContext,
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
  TopicPartition,
} from '../../adapters/kafka/index.js';
import { toKafkaRecords, type OutputTopics, type WorkerEncoders } from './outputs.js';

export interface PortfolioProcessorOptions {
  topics: OutputTopics;
  routing: RoutingSettings;
  resolver: ResolverConfig;
  encode: WorkerEncoders;
  /** contact-book bytes → value (null stays null: a tombstone). */
  decodeState: (bytes: Buffer | null) => Promise<ContactBookValue | null>;
  /** Partition count of the input log (and of the contact book). */
  partitions: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class PortfolioProcessor implements PartitionProcessor {
  private readonly owned = new Map<number, MemoryResolver>();

  constructor(private readonly o: PortfolioProcessorOptions) {}

  async assign(partitions: readonly TopicPartition[], ctx: AssignContext): Promise<void> {
    const numbers = partitions.map((tp) => tp.partition);
    for (const p of numbers) {
      this.owned.set(p, createMemoryResolver(this.o.resolver, new ContactBookState()));
    }
    const result = await ctx.restore(this.o.topics.contactBook, numbers, async (r) => {
      const resolver = this.owned.get(r.partition);
      if (resolver === undefined || r.key === null) return;
      // A value this version cannot read stops the worker (fatal): skipping it would lose a
      // customer's state and give wrong answers from then on.
      resolver.state.restore(r.key.toString(), await this.o.decodeState(r.value));
    });
    ctx.logger.info({ partitions: numbers, records: result.records }, 'contact book restored');
  }

  revoke(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.owned.delete(tp.partition);
  }

  /** The state of an owned partition, for tests and diagnostics. */
  state(partition: number): ContactBookState | undefined {
    return this.owned.get(partition)?.state;
  }

  processBatch(records: readonly InputRecord[], ctx: BatchContext): OutputRecord[] {
    const resolver = this.owned.get(ctx.partition);
    if (resolver === undefined) {
      throw new WaiError('WAI_INTERNAL', `partition ${ctx.partition} processed before assign`);
    }
    const out: OutputRecord[] = [];
    for (const record of records) out.push(...this.process(record, resolver, ctx));
    return out;
  }

  private process(
    record: InputRecord,
    resolver: MemoryResolver,
    ctx: BatchContext,
  ): OutputRecord[] {
    const { state } = resolver;
    try {
      const key = keyOf(record, this.o.partitions);
      const text = textOf(record);
      const result = processInput(
        resolver,
        { key, text, timestamp: record.timestamp },
        this.o.routing,
      );
      const out = toKafkaRecords(result.outputs, record, this.o.topics, this.o.encode);
      state.commit();
      for (const failure of result.failures) out.push(this.dlq(record, failure, ctx));
      return out;
    } catch (err) {
      state.rollback();
      const error = toWaiError(err);
      if (error.retriable) throw error;
      return [this.dlq(record, error, ctx)];
    }
  }

  private dlq(record: InputRecord, error: WaiError, ctx: BatchContext): OutputRecord {
    ctx.logger.warn(
      { err: error, offset: record.offset },
      'input not (fully) processed: copied to the DLQ',
    );
    return ctx.dlq(record, error);
  }
}

/** The record's portfolio, checked to be on the partition the portfolio hashes to. */
function keyOf(record: InputRecord, partitions: number): string {
  if (record.key === null) {
    throw new WaiError('WAI_MISROUTED', 'input record without a key: key it by portfolio', {
      field: 'key',
    });
  }
  const key = record.key.toString();
  const home = partitionForKey(key, partitions);
  if (home !== record.partition) {
    // Its state lives with partition `home`, which another worker may own.
    throw new WaiError(
      'WAI_MISROUTED',
      `input record keyed ${key} is on partition ${record.partition}, but the key hashes to ${home}: ` +
        'produce with the default (murmur2) partitioner',
      { field: 'key' },
    );
  }
  return key;
}

function textOf(record: InputRecord): string {
  if (record.value === null) {
    throw new WaiError('WAI_BAD_INPUT', 'record has no value', { field: '$' });
  }
  try {
    return utf8.decode(record.value);
  } catch (cause) {
    throw new WaiError('WAI_BAD_INPUT', 'value is not UTF-8 text', { field: '$', cause });
  }
}

export function createPortfolioProcessor(options: PortfolioProcessorOptions): PortfolioProcessor {
  return new PortfolioProcessor(options);
}
