// The worker's processor on Kafka: the exactly-once runner's PartitionProcessor around the
// domain's `processInput`. The input log is keyed by portfolio, so a partition's owner holds
// the whole state of every portfolio on it, restored from the same partition of the compacted
// contact-book topic (the contact book is partitioned by portfolio too), and applies every
// identity change, link and merge at once, in the log's order. Nothing travels between
// partitions, so the outputs depend on the input log only: they equal `wa-identity normalize`
// over the same records, whatever the timing, the number of workers, kills or replays.
//
// State kept aside: a partition the group moves away right after a commit keeps its state in
// memory with the offset of the contact-book partition from which it is known to be complete;
// if the partition comes back (a rebalance that returns it, a restarted worker's partitions
// handed back), assign only catches up from there instead of restoring the whole partition.
//
// Per record: process (state changes open for undo) → encode every output → commit the
// changes. An output that cannot be encoded, or a record on the wrong partition, undoes the
// record's changes and sends the record to the DLQ. A retriable error (none arise here today)
// would abort the batch; the runner then drops and restores the partition. A replay's
// warm-up record (replay/warmup.ts) changes the state and writes only contact-book records.
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
import { recordFailures, type RecordFailures } from '../../domain/stream/failures.js';
import { processInput } from '../../domain/stream/process-input.js';
import { partitionForKey } from '../../adapters/kafka/index.js';
import { isWarmup } from '../replay/warmup.js';
import type {
  AssignContext,
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
  TopicPartition,
  WrittenBatch,
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
  /** Told of a record that held nothing to process (for a metric: nothing vanishes unseen). */
  onEmpty?: () => void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** One partition's state, and the contact-book offset from which a catch-up is complete. */
interface PartitionState {
  resolver: MemoryResolver;
  /** Every contact-book record below it is applied; null until restored. */
  knownUpTo: string | null;
}

/** What a lookup may read of a partition: its state once restored, else why not. */
export type PartitionView =
  { state: 'ready'; contacts: ContactBookState } | { state: 'restoring' } | { state: 'not-owned' };

export class PortfolioProcessor implements PartitionProcessor {
  private readonly owned = new Map<number, PartitionState>();
  /** Owned, and their contact book still being read. */
  private readonly restoring = new Set<number>();
  /** Revoked right after a commit: kept in case the partition comes back. */
  private readonly parked = new Map<number, PartitionState>();

  constructor(private readonly o: PortfolioProcessorOptions) {}

  async assign(partitions: readonly TopicPartition[], ctx: AssignContext): Promise<void> {
    const numbers = partitions.map((tp) => tp.partition);
    for (const p of numbers) this.restoring.add(p);
    try {
      await this.load(numbers, ctx);
    } finally {
      for (const p of numbers) this.restoring.delete(p);
    }
  }

  private async load(numbers: readonly number[], ctx: AssignContext): Promise<void> {
    const from = new Map<number, string>();
    for (const p of numbers) {
      const kept = this.parked.get(p);
      this.parked.delete(p);
      if (kept?.knownUpTo != null) from.set(p, kept.knownUpTo);
      this.owned.set(
        p,
        kept?.knownUpTo != null
          ? kept
          : {
              resolver: createMemoryResolver(this.o.resolver, new ContactBookState()),
              knownUpTo: null,
            },
      );
    }
    const result = await ctx.restore(
      this.o.topics.contactBook,
      numbers,
      async (r) => {
        const state = this.owned.get(r.partition);
        if (state === undefined || r.key === null) return;
        // A value this version cannot read stops the worker (fatal): skipping it would lose a
        // customer's state and give wrong answers from then on.
        state.resolver.state.restore(r.key.toString(), await this.o.decodeState(r.value));
      },
      from,
    );
    for (const p of numbers) {
      const state = this.owned.get(p);
      if (state !== undefined) state.knownUpTo = result.endOffsets.get(p) ?? state.knownUpTo;
    }
    ctx.logger.info(
      { partitions: numbers, caughtUp: [...from.keys()], records: result.records },
      'contact book restored',
    );
  }

  revoke(partitions: readonly TopicPartition[], reason: 'revoked' | 'rolled-back'): void {
    for (const { partition } of partitions) {
      const state = this.owned.get(partition);
      this.owned.delete(partition);
      if (reason === 'revoked' && state !== undefined) this.parked.set(partition, state);
      else this.parked.delete(partition);
    }
  }

  /** The contact-book batch this transaction wrote begins at a known-complete offset. */
  committed(tp: TopicPartition, written: readonly WrittenBatch[]): void {
    const state = this.owned.get(tp.partition);
    if (state === undefined) return;
    for (const w of written) {
      if (w.topic !== this.o.topics.contactBook || w.partition !== tp.partition) continue;
      if (state.knownUpTo === null || BigInt(w.baseOffset) > BigInt(state.knownUpTo)) {
        state.knownUpTo = w.baseOffset;
      }
    }
  }

  /** The state of an owned partition, for tests and diagnostics. */
  state(partition: number): ContactBookState | undefined {
    return this.owned.get(partition)?.resolver.state;
  }

  /**
   * For lookups: the state of a partition owned and restored. Records are applied one at a
   * time between event-loop turns, so a reader sees whole records, possibly of a transaction
   * not committed yet (as Kafka Streams' interactive queries do).
   */
  view(partition: number): PartitionView {
    const owned = this.owned.get(partition);
    if (owned === undefined) return { state: 'not-owned' };
    if (this.restoring.has(partition)) return { state: 'restoring' };
    return { state: 'ready', contacts: owned.resolver.state };
  }

  /** Partitions whose state is kept aside. */
  parkedPartitions(): number[] {
    return [...this.parked.keys()];
  }

  processBatch(records: readonly InputRecord[], ctx: BatchContext): OutputRecord[] {
    const resolver = this.owned.get(ctx.partition)?.resolver;
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
      if (result.empty) this.o.onEmpty?.();
      const warmup = isWarmup(record.headers);
      const outputs = warmup
        ? result.outputs.filter((r) => r.topic === 'contact-book')
        : result.outputs;
      const out = toKafkaRecords(outputs, record, this.o.topics, this.o.encode);
      state.commit();
      // A replay's warm-up record was dead-lettered, if at all, by the original deployment.
      if (warmup) return out;
      const failed = recordFailures(result.failures);
      if (failed !== null) out.push(this.dlq(record, failed.error, ctx, failed));
      return out;
    } catch (err) {
      state.rollback();
      const error = toWaiError(err);
      if (error.retriable) throw error;
      return isWarmup(record.headers) ? [] : [this.dlq(record, error, ctx)];
    }
  }

  /** One DLQ copy and one warning per input record, however many of its items failed. */
  private dlq(
    record: InputRecord,
    error: WaiError,
    ctx: BatchContext,
    failures?: RecordFailures,
  ): OutputRecord {
    ctx.logger.warn(
      { err: error, offset: record.offset, failures: failures?.count ?? 1 },
      'input not (fully) processed: copied to the DLQ',
    );
    return ctx.dlq(record, error, failures);
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
