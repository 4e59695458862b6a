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
//
// Commands to keys of this same partition are applied at once, before the next record, as
// the in-memory runner does (this worker owns those keys too, so one writer per key still
// holds): the result then cannot depend on how the command's record would have interleaved
// with records already queued. Only commands to keys of other partitions travel as records.
import { WaiError, toWaiError } from '../../domain/errors.js';
import { partitionForKey } from '../../adapters/kafka/index.js';
import type {
  AssignContext,
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
  TopicPartition,
} from '../../adapters/kafka/index.js';
import { purgePortfolio } from '../../domain/identity/admin.js';
import type { BroadcastCommand, ResolveItem } from '../../domain/identity/commands.js';
import type { ResolverConfig } from '../../domain/identity/config.js';
import type { OutputContext, ResolveEncoders, ResolveTopics } from './resolve-kafka-outputs.js';
import { generationOf, toKafkaRecords } from './resolve-kafka-outputs.js';
import { PartitionState, type ContactBookValue } from './resolve-kafka-state.js';
import { StagedState } from './resolve-kafka-staged-state.js';
import { splitKey } from '../../domain/identity/keys.js';
import type { StepResult } from '../../domain/identity/records.js';
import { step } from '../../domain/identity/step.js';

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
/** Items one input may cause on its own partition (the in-memory runner's bound too). */
export const MAX_LOCAL_ITEMS = 10_000;

interface QueuedItem {
  key: string;
  item: ResolveItem | BroadcastCommand;
  generation: number;
}

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
    const key = record.key.toString();
    const queue: QueuedItem[] = [
      { key, item: await this.o.decodeItem(record.value), generation: generationOf(record) },
    ];
    const staged = new StagedState(state);
    const out: OutputRecord[] = [];
    for (let i = 0; i < queue.length; i++) {
      if (i >= MAX_LOCAL_ITEMS) {
        throw new WaiError('WAI_INTERNAL', `one record caused more than ${MAX_LOCAL_ITEMS} items`);
      }
      const { key: target, item, generation } = queue[i] as QueuedItem;
      if (generation > this.maxGenerations) {
        const message = `command chain longer than ${this.maxGenerations} generations`;
        throw new WaiError('WAI_INTERNAL', message);
      }
      const result = this.stepOn(target, item, staged);
      const local = result.commands.filter(
        (c) => partitionForKey(c.key, this.o.identityPartitions) === ctx.partition,
      );
      const remote = result.commands.filter((c) => !local.includes(c));
      const context: OutputContext = {
        topics: this.o.topics,
        encode: this.o.encode,
        identityPartitions: this.o.identityPartitions,
        record,
        item,
        generation,
        batch: ctx,
      };
      // Encoded before any state is committed: a value that cannot be encoded leaves the
      // partition's state as it was, and the record goes to the DLQ whole.
      out.push(...toKafkaRecords({ ...result, commands: remote }, context));
      for (const change of result.changes) staged.apply(change);
      for (const c of local) queue.push({ key: c.key, item: c.item, generation: generation + 1 });
    }
    staged.commit();
    return out;
  }

  private stepOn(
    key: string,
    item: ResolveItem | BroadcastCommand,
    state: StagedState,
  ): StepResult {
    if (item.type === 'purgePortfolio') return purgePortfolio(item, state.keys());
    const settings = state.settings(splitKey(key).portfolioId);
    const result = step(key, state.entry(key), settings, item, this.o.config);
    if (item.type !== 'setContactBook') return result;
    // Every partition received this switch: purge here, do not broadcast it again.
    const purges = result.broadcasts.flatMap(
      (broadcast) => purgePortfolio(broadcast, state.keys()).changes,
    );
    return { ...result, changes: [...result.changes, ...purges], broadcasts: [] };
  }
}

export function createResolveProcessor(options: ResolveStageOptions): ResolveProcessor {
  return new ResolveProcessor(options);
}
