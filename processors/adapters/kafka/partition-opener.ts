// Opening and dropping owned partitions. The order of an open is what makes a new owner safe:
//   1. initialize the partition's transactional producer: fences the previous owner and
//      completes (commits or aborts) any transaction it left open;
//   2. only then restore the processor's state (the state topic is now final for it);
//   3. only then read the group's committed offset and seek there. kafkajs read the offset
//      when it joined, possibly before step 1 ended the previous owner's last transaction
//      (there is no KIP-447 `require_stable` in kafkajs); the offset read now is the truth.
// A rollback after an aborted batch is the same open on a partition whose state is dropped
// first (the aborted batch may have changed it); its producer is kept unless broken.
import type { Consumer } from 'kafkajs';
import type { KafkaAdmin } from './admin.js';
import type { KafkaClient } from './client.js';
import { PartitionProducer, transactionalIdFor } from './partition-producer.js';
import type { PartitionSlot } from './partition-slot.js';
import type { AssignContext, PartitionProcessor } from './stage.js';

export interface OpenerDeps {
  client: KafkaClient;
  stage: string;
  groupId: string;
  processor: PartitionProcessor;
  assignCtx: AssignContext;
  admin: KafkaAdmin;
  consumer: Pick<Consumer, 'seek' | 'resume'>;
  transactionTimeoutMs: number;
  stepTimeoutMs: number;
  /** False once the slot was closed or replaced, or the stage is stopping. */
  isCurrent: (slot: PartitionSlot) => boolean;
}

export class PartitionOpener {
  constructor(private readonly d: OpenerDeps) {}

  /** Brings `opening` slots to `ready` and resumes fetching them. */
  async open(slots: readonly PartitionSlot[]): Promise<void> {
    const live = slots.filter((s) => s.status === 'opening' && this.d.isCurrent(s));
    if (live.length === 0) return;
    await Promise.all(live.map((s) => this.ensureProducer(s)));
    const stale = live.filter((s) => s.loaded);
    if (stale.length > 0) {
      await this.d.processor.revoke(
        stale.map((s) => s.tp),
        'rolled-back',
      );
    }
    // Set before assign: a failed assign may have left partial state behind.
    for (const s of live) {
      s.loaded = true;
      s.dirty = true;
    }
    await this.d.processor.assign(
      live.map((s) => s.tp),
      this.d.assignCtx,
    );
    for (const s of live) s.dirty = false;
    for (const topic of new Set(live.map((s) => s.tp.topic))) {
      const mine = live.filter((s) => s.tp.topic === topic);
      const partitions = mine.map((s) => s.tp.partition);
      const committed = await this.d.admin.committedOffsets(this.d.groupId, topic, partitions);
      for (const s of mine) s.nextOffset = committed.get(s.tp.partition) ?? null;
    }
    for (const s of live) {
      if (s.status !== 'opening' || !this.d.isCurrent(s)) continue;
      s.status = 'ready';
      if (s.nextOffset !== null) this.d.consumer.seek({ ...s.tp, offset: s.nextOffset });
      this.d.consumer.resume([{ topic: s.tp.topic, partitions: [s.tp.partition] }]);
      s.logger.info({ nextOffset: s.nextOffset }, 'partition ready');
    }
  }

  /**
   * Drops the processor's state for the slots and disconnects their producers. State after a
   * clean last commit is revoked as `revoked` (the processor may keep it aside), state a failed
   * batch changed as `rolled-back`.
   */
  async drop(slots: readonly PartitionSlot[]): Promise<void> {
    const loaded = slots.filter((s) => s.loaded);
    for (const s of loaded) s.loaded = false;
    const dirty = loaded.filter((s) => s.dirty);
    const clean = loaded.filter((s) => !s.dirty);
    if (dirty.length > 0) {
      await this.d.processor.revoke(
        dirty.map((s) => s.tp),
        'rolled-back',
      );
    }
    if (clean.length > 0) {
      await this.d.processor.revoke(
        clean.map((s) => s.tp),
        'revoked',
      );
    }
    await Promise.all(
      slots.map(async (s) => {
        const producer = s.producer;
        s.producer = null;
        await producer?.close();
      }),
    );
  }

  private async ensureProducer(slot: PartitionSlot): Promise<void> {
    if (slot.producer !== null && !slot.producer.broken) return;
    const broken = slot.producer;
    slot.producer = null;
    await broken?.close();
    slot.producer = await PartitionProducer.open(this.d.client, {
      transactionalId: transactionalIdFor(this.d.client.appId, this.d.stage, slot.tp),
      transactionTimeoutMs: this.d.transactionTimeoutMs,
      stepTimeoutMs: this.d.stepTimeoutMs,
      logger: slot.logger,
    });
  }
}
