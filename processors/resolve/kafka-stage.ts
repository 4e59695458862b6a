// Stage 2 "resolve" on Kafka: the exactly-once runner's PartitionProcessor around the pure
// `step`. It owns the state of the identity-events partitions it is assigned, restored from
// the same partitions of the compacted contact-book topic before their first record, and
// dropped on revoke (or when an aborted batch is rolled back, so no aborted change survives).
//
// Settings are per partition: a contact-book switch arrives on every partition (the split
// stage fans it out), each owner applies it to its own copy of `<portfolio>|~settings`,
// written to its own contact-book partition (compaction is per partition, so the same key
// in several partitions is fine), and purges only its own keys. So the purge that `step`
// asks for on a switch is applied locally rather than broadcast again. Broadcasts from any
// other item go to every partition (kafka-outputs.ts); a received one applies locally.
import { WaiError, toWaiError } from '../core/errors.js';
import type {
  AssignContext,
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
  TopicPartition,
} from '../runtime/kafka/index.js';
import { purgePortfolio } from './admin.js';
import type { BroadcastCommand, ResolveItem } from './commands.js';
import type { ResolverConfig } from './config.js';
import type { OutputContext, ResolveEncoders, ResolveTopics } from './kafka-outputs.js';
import { generationOf, toKafkaRecords } from './kafka-outputs.js';
import { PartitionState, type ContactBookValue } from './kafka-state.js';
import { splitKey } from './keys.js';
import type { StepResult } from './records.js';
import { step } from './step.js';

export interface ResolveStageOptions {
  topics: ResolveTopics;
  config: ResolverConfig;
  encode: ResolveEncoders;
  /** identity-events bytes → item; rejects retriable when the registry cannot be asked. */
  decodeItem: (bytes: Buffer) => Promise<ResolveItem | BroadcastCommand>;
  /** contact-book bytes → value (null stays null: a tombstone). */
  decodeState: (bytes: Buffer | null) => Promise<ContactBookValue | null>;
  identityPartitions: number;
  /**
   * Longest chain of commands one input may cause. Forwarding is bounded by hops already
   * (resolve/forward.ts); this bounds every other chain, which real histories never approach.
   */
  maxGenerations?: number;
}

export const DEFAULT_MAX_GENERATIONS = 64;

export class ResolveProcessor implements PartitionProcessor {
  private readonly states = new Map<number, PartitionState>();
  private readonly maxGenerations: number;

  constructor(private readonly o: ResolveStageOptions) {
    this.maxGenerations = o.maxGenerations ?? DEFAULT_MAX_GENERATIONS;
  }

  async assign(partitions: readonly TopicPartition[], ctx: AssignContext): Promise<void> {
    const numbers = partitions.map((tp) => tp.partition);
    for (const p of numbers) this.states.set(p, new PartitionState());
    const result = await ctx.restore(this.o.topics.contactBook, numbers, async (r) => {
      const state = this.states.get(r.partition);
      if (state === undefined || r.key === null) return;
      // A value this version cannot read stops the stage (fatal): skipping it would lose
      // a user's state and give wrong answers from then on.
      state.restore(r.key.toString(), await this.o.decodeState(r.value));
    });
    ctx.logger.info({ partitions: numbers, records: result.records }, 'contact book restored');
  }

  revoke(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.states.delete(tp.partition);
  }

  /** The state of an owned partition, for tests and diagnostics. */
  state(partition: number): PartitionState | undefined {
    return this.states.get(partition);
  }

  async processBatch(records: readonly InputRecord[], ctx: BatchContext): Promise<OutputRecord[]> {
    const state = this.states.get(ctx.partition);
    if (state === undefined) {
      throw new WaiError('WAI_INTERNAL', `partition ${ctx.partition} processed before assign`);
    }
    const out: OutputRecord[] = [];
    for (const record of records) {
      try {
        out.push(...(await this.process(record, state, ctx)));
      } catch (err) {
        const error = toWaiError(err);
        if (error.retriable) throw error; // the batch is rolled back and replayed
        ctx.logger.warn({ err: error, offset: record.offset }, 'item not processed: DLQ copy');
        out.push(ctx.dlq(record, error));
      }
    }
    return out;
  }

  private async process(
    record: InputRecord,
    state: PartitionState,
    ctx: BatchContext,
  ): Promise<OutputRecord[]> {
    if (record.key === null || record.value === null) {
      throw new WaiError('WAI_BAD_INPUT', 'identity-events record without key or value');
    }
    const generation = generationOf(record);
    if (generation > this.maxGenerations) {
      const message = `command chain longer than ${this.maxGenerations} generations`;
      throw new WaiError('WAI_INTERNAL', message);
    }
    const key = record.key.toString();
    const item = await this.o.decodeItem(record.value);
    const result = this.stepOn(key, item, state);
    const context: OutputContext = {
      topics: this.o.topics,
      encode: this.o.encode,
      identityPartitions: this.o.identityPartitions,
      record,
      item,
      generation,
      batch: ctx,
    };
    // Encode everything before touching state: a value that cannot be encoded leaves the
    // partition's state as it was, and the record goes to the DLQ whole.
    const records = toKafkaRecords(result, context);
    for (const change of result.changes) state.apply(change);
    return records;
  }

  private stepOn(
    key: string,
    item: ResolveItem | BroadcastCommand,
    state: PartitionState,
  ): StepResult {
    if (item.type === 'purgePortfolio') return purgePortfolio(item, state.entries.keys());
    const settings = state.settings(splitKey(key).portfolioId);
    const result = step(key, state.entries.get(key), settings, item, this.o.config);
    if (item.type !== 'setContactBook') return result;
    // Every partition received this switch: purge here, do not broadcast it again.
    const purges = result.broadcasts.flatMap(
      (broadcast) => purgePortfolio(broadcast, state.entries.keys()).changes,
    );
    return { ...result, changes: [...result.changes, ...purges], broadcasts: [] };
  }
}

export function createResolveProcessor(options: ResolveStageOptions): ResolveProcessor {
  return new ResolveProcessor(options);
}
