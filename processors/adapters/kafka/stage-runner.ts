// The exactly-once stage runner: one consumer group member, one transactional producer per
// owned input partition, one Kafka transaction per chunk of a partition's records.
//
// Per chunk: begin → processBatch (one or more calls) → send outputs (results, state writes,
// DLQ copies) → sendOffsets(last offset + 1, counting trailing control records) → commit →
// resolve locally. kafkajs's own offset commits and auto-resolve are off: the transaction is
// the only thing that moves the group's offset, so outputs and offsets are visible together
// or not at all (to read_committed readers; see README.md for the limits).
//
// Failure of a chunk (see kafka-errors.ts):
//   retriable → abort (best effort), pause the partition, then after backoff reopen it: drop
//               and restore its state (the aborted chunk may have changed it), recreate the
//               producer if its commit/abort failed, re-read the committed offset, seek there;
//   fenced    → another worker initialized this partition's transactional id: drop the
//               partition quietly and wait for the group to settle;
//   fatal     → a bug or misconfiguration: stop the stage; `done` rejects, the process exits
//               non-zero.
// The stage's own lifecycle is in ../lifecycle/lifecycle.ts, a partition's in partition-slot.ts.
// Metrics (../metrics/stage-metrics.ts) are reported where things happen: a chunk's outcome,
// a restore, a change of owned partitions or of the stage's state.
import { PartitionAssigners } from 'kafkajs';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { hostname } from 'node:os';
import { WaiError } from '../../domain/errors.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import type { LifecycleState } from '../lifecycle/lifecycle.js';
import { withTimeout } from '../lifecycle/timeout.js';
import type { Logger } from '../logging/logger.js';
import { stageMetrics } from '../metrics/stage-metrics.js';
import type { ChunkMetrics, StageMetrics } from '../metrics/stage-metrics.js';
import type { KafkaAdmin } from './admin.js';
import { diffAssignment, flattenAssignment } from './assignment.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { classifyKafkaFailure, isKafkaJsError } from './kafka-errors.js';
import { KeyedSerial } from './keyed-serial.js';
import { runChunkTransaction } from './chunk-transaction.js';
import { PartitionOpener } from './partition-opener.js';
import { clearSlotTimer, createSlot } from './partition-slot.js';
import type { PartitionSlot } from './partition-slot.js';
import { compareOffsets, nextOffsetAfter, toInputRecord } from './records.js';
import type { InputRecord, TopicPartition } from './records.js';
import { restorePartitions } from './restore.js';
import { stickyAssigner } from './sticky-assigner.js';
import type { AssignContext, StageHandle, StageOptions } from './stage.js';

/** Starts a stage; resolves once it has joined its group (RESTORING or RUNNING). */
export async function runStage(options: StageOptions): Promise<StageHandle> {
  const runner = new StageRunner(options);
  await runner.start();
  return runner;
}

function withSource(error: WaiError, record: InputRecord): WaiError {
  if (error.source !== undefined) return error;
  const { topic, partition, offset } = record;
  return new WaiError(error.code, error.message, {
    retriable: error.retriable,
    cause: error.cause ?? error,
    source: { topic, partition, offset },
  });
}

class StageRunner implements StageHandle {
  readonly name: string;
  readonly groupId: string;
  private readonly o: Required<
    Omit<StageOptions, 'groupId' | 'metrics' | 'heartbeatIntervalMs' | 'beforeCommit'>
  > &
    Pick<StageOptions, 'heartbeatIntervalMs' | 'beforeCommit'>;
  private readonly logger: Logger;
  private readonly metrics: StageMetrics;
  private readonly lifecycle: Lifecycle;
  private readonly consumer: Consumer;
  private readonly slots = new Map<string, PartitionSlot>();
  private readonly serial = new KeyedSerial();
  private readonly assignCtx: AssignContext;
  private admin: KafkaAdmin | undefined;
  private partitionOpener: PartitionOpener | undefined;
  private memberId: string | null = null;
  private stopping = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: StageOptions) {
    const { client } = options;
    this.name = options.name;
    this.groupId = options.groupId ?? `${client.appId}-${options.name}`;
    this.o = {
      fromBeginning: true,
      maxRecordsPerTransaction: 1000,
      recordsPerCall: 200,
      transactionTimeoutMs: 60_000,
      stepTimeoutMs: 30_000,
      shutdownTimeoutMs: 30_000,
      restoreTimeoutMs: 5 * 60_000,
      backoff: DEFAULT_BACKOFF,
      sessionTimeoutMs: 10_000,
      instanceId: hostname(),
      endpoint: null,
      rebalanceTimeoutMs: 30_000,
      maxWaitTimeMs: 500,
      partitionsConsumedConcurrently: 1,
      clock: Date.now,
      ...options,
    };
    this.logger = client.logger.child({ stage: this.name });
    this.metrics = stageMetrics(options.metrics, { stage: this.name, dlqTopic: options.dlqTopic });
    this.lifecycle = new Lifecycle(`stage ${this.name}`);
    this.metrics.state(this.lifecycle.state);
    this.lifecycle.onChange((state, previous) => {
      this.metrics.state(state);
      this.logger.info({ state, previous }, `stage ${state.toLowerCase()}`);
    });
    this.assignCtx = {
      stage: this.name,
      logger: this.logger,
      restore: async (topic, partitions, apply, from) => {
        const restored = this.metrics.restore();
        const timeoutMs = this.o.restoreTimeoutMs;
        const result = await restorePartitions(client, {
          topic,
          partitions,
          apply,
          timeoutMs,
          ...(from ? { from } : {}),
        });
        restored(result.records);
        return result;
      },
    };
    this.consumer = client.kafkajs.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.o.sessionTimeoutMs,
      rebalanceTimeout: this.o.rebalanceTimeoutMs,
      heartbeatInterval:
        this.o.heartbeatIntervalMs ?? Math.max(500, Math.floor(this.o.sessionTimeoutMs / 10)),
      maxWaitTimeInMs: this.o.maxWaitTimeMs,
      // Sticky and instance-aware (kafkajs has no static membership): a rebalance moves as
      // few partitions as it can, and a restarted worker gets its own back.
      partitionAssigners: [
        stickyAssigner({
          instance: this.o.instanceId,
          endpoint: this.o.endpoint,
          owned: () => [...this.slots.values()].map((s) => s.tp),
        }),
        PartitionAssigners.roundRobin,
      ],
    });
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => this.onGroupJoin(payload));
    this.consumer.on(CRASH, ({ payload }) => this.onCrash(payload.error, payload.restart));
  }

  get state(): LifecycleState {
    return this.lifecycle.state;
  }

  get done(): Promise<void> {
    return this.lifecycle.done;
  }

  owned(): TopicPartition[] {
    return [...this.slots.values()].filter((s) => s.status === 'ready').map((s) => s.tp);
  }

  onState(listener: (state: LifecycleState) => void): void {
    this.lifecycle.onChange((state) => listener(state));
  }

  stop(): Promise<void> {
    return this.shutdown(undefined);
  }

  async start(): Promise<void> {
    this.lifecycle.to('STARTING');
    try {
      this.admin = await this.o.client.admin();
      this.partitionOpener = new PartitionOpener({
        client: this.o.client,
        stage: this.name,
        groupId: this.groupId,
        processor: this.o.processor,
        assignCtx: this.assignCtx,
        admin: this.admin,
        consumer: this.consumer,
        transactionTimeoutMs: this.o.transactionTimeoutMs,
        stepTimeoutMs: this.o.stepTimeoutMs,
        isCurrent: (slot) => !this.stopping && this.slots.get(slot.key) === slot,
      });
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [...this.o.inputTopics],
        fromBeginning: this.o.fromBeginning,
      });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.o.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } catch (err) {
      const { error } = classifyKafkaFailure(err, `stage ${this.name} failed to start`);
      await this.shutdown(error).catch(() => undefined);
      throw error;
    }
    this.updateReadiness();
  }

  // ── group membership ────────────────────────────────────────────────────────────────────

  private onGroupJoin(payload: { memberId: string; memberAssignment: Record<string, number[]> }) {
    if (this.stopping) return;
    const assigned = flattenAssignment(payload.memberAssignment);
    const rejoined = this.memberId !== null && payload.memberId !== this.memberId;
    this.memberId = payload.memberId;
    const { added, removed } = diffAssignment(this.slots.keys(), assigned, rejoined);
    this.logger.info(
      {
        assigned: assigned.map((tp) => `${tp.topic}/${tp.partition}`),
        added: added.length,
        removed: removed.length,
        rejoined,
      },
      'group assignment',
    );
    const revoked = removed.flatMap((k) => this.slots.get(k) ?? []);
    for (const s of revoked) {
      this.slots.delete(s.key);
      this.metrics.lag(s.tp.topic, s.tp.partition, null);
    }
    if (revoked.length > 0) void this.close(revoked, 'revoked');
    const fresh = added.map((tp) => this.newSlot(tp));
    // Fenced partitions still assigned to us: the group says we own them, so take them back.
    const reclaimed = [...this.slots.values()].filter((s) => s.status === 'fenced');
    if (fresh.length > 0) this.open(fresh, 0);
    if (reclaimed.length > 0) this.open(reclaimed, 0);
    this.updateReadiness();
  }

  private onCrash(error: Error, restart: boolean): void {
    if (restart) {
      // kafkajs rejoins as a new member; onGroupJoin then reopens every partition.
      this.logger.warn({ err: error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    this.fail(
      new WaiError('WAI_BROKER', `consumer crashed and was not restarted: ${error.message}`, {
        cause: error,
      }),
    );
  }

  private newSlot(tp: TopicPartition): PartitionSlot {
    const slot = createSlot(tp, {
      stage: this.name,
      dlqTopic: this.o.dlqTopic,
      logger: this.o.client.logger,
      clock: this.o.clock,
    });
    this.slots.set(slot.key, slot);
    return slot;
  }

  private updateReadiness(): void {
    this.metrics.ownedPartitions(this.owned().length);
    const { state } = this.lifecycle;
    if (this.stopping || !['STARTING', 'RESTORING', 'RUNNING'].includes(state)) return;
    const opening = [...this.slots.values()].some((s) => s.status !== 'ready');
    this.lifecycle.to(opening ? 'RESTORING' : 'RUNNING');
  }

  // ── opening and closing partitions ──────────────────────────────────────────────────────

  /** Opens slots after `delayMs`; the consumer stays paused on them until they are ready. */
  private open(slots: PartitionSlot[], delayMs: number): void {
    for (const s of slots) {
      clearSlotTimer(s);
      s.status = 'opening';
      this.pause(s.tp);
    }
    const go = (): void => {
      const keys = slots.map((s) => s.key);
      this.serial
        .run(keys, () => this.opener().open(slots))
        .then(
          () => this.updateReadiness(),
          (err: unknown) => this.onOpenFailure(slots, err),
        );
    };
    if (delayMs <= 0) {
      go();
      return;
    }
    const timer = setTimeout(go, delayMs);
    for (const s of slots) s.timer = timer;
  }

  private onOpenFailure(slots: PartitionSlot[], err: unknown): void {
    const { kind, error } = classifyKafkaFailure(err, `opening partitions of stage ${this.name}`);
    if (kind === 'fatal') {
      this.fail(error);
      return;
    }
    const retry = slots.filter((s) => s.status === 'opening' && this.slots.get(s.key) === s);
    if (retry.length === 0 || this.stopping) return;
    const attempt = Math.max(...retry.map((s) => (s.failures += 1)));
    const delayMs = backoffDelay(attempt, this.o.backoff);
    this.logger.warn({ err: error, attempt, delayMs }, 'opening partitions failed; retrying');
    this.open(retry, delayMs);
  }

  /** Closes slots after any work queued on them: state dropped, producers disconnected. */
  private close(slots: PartitionSlot[], reason: string): Promise<void> {
    for (const s of slots) {
      clearSlotTimer(s);
      s.status = 'closed';
    }
    const done = this.serial.run(
      slots.map((s) => s.key),
      () => this.opener().drop(slots),
    );
    done.then(
      () => slots.forEach((s) => s.logger.info({ reason }, 'partition closed')),
      (err: unknown) => this.fail(classifyKafkaFailure(err, 'closing partitions').error),
    );
    return done;
  }

  // ── batches ─────────────────────────────────────────────────────────────────────────────

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { topic, partition } = payload.batch;
    if (this.stopping || !payload.isRunning() || payload.isStale()) return;
    const slot = this.slots.get(`${topic}|${partition}`) ?? this.openUnknown({ topic, partition });
    if (slot.status !== 'ready') {
      this.pause(slot.tp);
      return;
    }
    try {
      await this.serial.run([slot.key], () => this.processFetched(slot, payload));
    } catch (err) {
      // kafkajs errors here come from heartbeat (a rebalance): kafkajs handles those.
      if (isKafkaJsError(err)) throw err;
      this.fail(classifyKafkaFailure(err, `stage ${this.name}`).error);
    }
  }

  /** kafkajs fetched a partition no GROUP_JOIN told us about: treat it as newly assigned. */
  private openUnknown(tp: TopicPartition): PartitionSlot {
    const slot = this.newSlot(tp);
    this.open([slot], 0);
    this.updateReadiness();
    return slot;
  }

  private async processFetched(slot: PartitionSlot, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const messages = batch.messages;
    const first = messages[0];
    if (slot.status !== 'ready' || first === undefined) return;
    if (slot.nextOffset !== null && compareOffsets(first.offset, slot.nextOffset) < 0) {
      // Behind the committed offset: these records were committed by an earlier transaction.
      this.consumer.seek({ ...slot.tp, offset: slot.nextOffset });
      return;
    }
    const step = this.o.maxRecordsPerTransaction;
    for (let i = 0; i < messages.length; i += step) {
      if (this.stopping || !payload.isRunning() || payload.isStale()) return;
      // Read again: the slot may have been revoked while the previous chunk committed.
      if (!isReady(slot)) return;
      const chunk = messages.slice(i, i + step);
      const last = chunk[chunk.length - 1];
      if (last === undefined) return;
      // The last chunk commits past trailing control records (batch.lastOffset counts them).
      const lastOffset = i + step >= messages.length ? batch.lastOffset() : last.offset;
      const records = chunk.map((m) => toInputRecord(slot.tp.topic, slot.tp.partition, m));
      if (!(await this.commitChunk(slot, records, lastOffset))) return;
      const lag = Number(BigInt(batch.highWatermark) - BigInt(nextOffsetAfter(lastOffset)));
      this.metrics.lag(slot.tp.topic, slot.tp.partition, Math.max(0, lag));
      payload.resolveOffset(last.offset);
      await payload.heartbeat();
    }
  }

  private async commitChunk(
    slot: PartitionSlot,
    records: InputRecord[],
    lastOffset: string,
  ): Promise<boolean> {
    const producer = slot.producer;
    const first = records[0];
    if (producer === null || first === undefined) return false;
    const nextOffset = nextOffsetAfter(lastOffset);
    const chunk = this.metrics.chunk();
    let written;
    try {
      written = await runChunkTransaction({
        producer,
        processor: this.o.processor,
        ctx: slot.ctx,
        records,
        recordsPerCall: this.o.recordsPerCall,
        offsets: { groupId: this.groupId, input: slot.tp, nextOffset },
        onSent: (outputs) => chunk.sent(outputs),
        ...(this.o.beforeCommit ? { beforeCommit: this.o.beforeCommit } : {}),
      });
    } catch (err) {
      slot.dirty = true;
      this.onChunkFailure(slot, err, first, chunk);
      return false;
    }
    this.o.processor.committed?.(slot.tp, written);
    chunk.committed(slot.tp.topic, records.length);
    slot.nextOffset = nextOffset;
    slot.failures = 0;
    return true;
  }

  private onChunkFailure(
    slot: PartitionSlot,
    err: unknown,
    first: InputRecord,
    chunk: ChunkMetrics,
  ): void {
    const where = `stage ${this.name} at ${first.topic}/${first.partition}@${first.offset}`;
    const classified = classifyKafkaFailure(err, where);
    chunk.failed(classified.kind === 'fenced' ? 'fenced' : 'aborted');
    const error = withSource(classified.error, first);
    this.pause(slot.tp);
    this.consumer.seek({ ...slot.tp, offset: first.offset });
    if (classified.kind === 'fatal') {
      slot.logger.error({ err: error }, 'non-retriable failure: stopping the stage');
      this.fail(error);
      return;
    }
    if (classified.kind === 'fenced') {
      slot.logger.warn({ err: error }, 'partition taken over by another worker: dropping it');
      slot.status = 'fenced';
      // Queued behind the current batch of this partition, which is the caller.
      this.serial
        .run([slot.key], () => this.opener().drop([slot]))
        .catch((e: unknown) => this.fail(e));
      // Normally a rebalance follows; if we are still the owner then, take the partition back.
      slot.timer = setTimeout(() => {
        if (slot.status === 'fenced' && this.slots.get(slot.key) === slot) this.open([slot], 0);
      }, this.o.sessionTimeoutMs);
      this.updateReadiness();
      return;
    }
    slot.failures += 1;
    const delayMs = backoffDelay(slot.failures, this.o.backoff);
    slot.logger.warn(
      { err: error, attempt: slot.failures, delayMs },
      'batch aborted: restoring the partition and replaying it',
    );
    this.open([slot], delayMs);
    this.updateReadiness();
  }

  private opener(): PartitionOpener {
    if (this.partitionOpener === undefined)
      throw new WaiError('WAI_INTERNAL', `stage ${this.name}: partitions opened before start`);
    return this.partitionOpener;
  }

  private pause(tp: TopicPartition): void {
    if (!this.stopping) this.consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
  }

  // ── stopping ────────────────────────────────────────────────────────────────────────────

  private fail(cause: unknown): void {
    const error = classifyKafkaFailure(cause, `stage ${this.name}`).error;
    if (this.lifecycle.final) return;
    this.logger.error({ err: error }, 'stage failing');
    // Not awaited: fail() may run inside a batch, and stopping waits for that batch.
    this.shutdown(error).catch(() => undefined);
  }

  private shutdown(reason: WaiError | undefined): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.stopping = true;
      if (this.lifecycle.can('STOPPING')) this.lifecycle.to('STOPPING');
      for (const s of this.slots.values()) clearSlotTimer(s);
      try {
        await withTimeout(this.drain(), this.o.shutdownTimeoutMs, `stopping stage ${this.name}`, {
          code: 'WAI_SHUTDOWN_TIMEOUT',
        });
      } catch (err) {
        this.lifecycle.fail(reason ?? err);
        throw err;
      }
      if (reason === undefined) this.lifecycle.to('STOPPED');
      else this.lifecycle.fail(reason);
    })();
    return this.shutdownPromise;
  }

  /** Stop fetching (the in-flight transaction finishes and commits), then close everything. */
  private async drain(): Promise<void> {
    await this.consumer.stop();
    const all = [...this.slots.values()];
    this.slots.clear();
    this.metrics.ownedPartitions(0);
    await this.close(all, 'stage stopping').catch(() => undefined);
    await this.serial.idle();
    await this.consumer.disconnect();
    await this.admin?.disconnect();
  }
}

/** A slot's state now (a function, so the check is not narrowed away across awaits). */
function isReady(slot: PartitionSlot): boolean {
  return slot.status === 'ready';
}
