// What the runner holds per owned input partition, and the partition's own small lifecycle:
//
//   opening ──producer initialized, state restored, committed offset read──▶ ready
//   ready ──batch failed (retriable)──▶ opening (after backoff: state dropped and restored)
//   ready ──producer fenced──▶ fenced ──still assigned after a rejoin or a delay──▶ opening
//   any ──revoked / stage stopping──▶ closed (final; a re-assignment gets a new slot)
//
// Only a `ready` slot's records are processed; the consumer is paused on the partition in
// every other status, so nothing is fetched that would have to be thrown away.
import type { Logger } from '../logging/logger.js';
import { dlqRecord } from './dlq.js';
import type { PartitionProducer } from './partition-producer.js';
import { tpKey } from './records.js';
import type { TopicPartition } from './records.js';
import type { BatchContext } from './stage.js';

export type SlotStatus = 'opening' | 'ready' | 'fenced' | 'closed';

export interface PartitionSlot {
  readonly tp: TopicPartition;
  readonly key: string;
  readonly logger: Logger;
  readonly ctx: BatchContext;
  status: SlotStatus;
  producer: PartitionProducer | null;
  /** Offset after the last committed transaction; null while the group has none. */
  nextOffset: string | null;
  /** The processor may hold state for it (assign was called and not yet revoked). */
  loaded: boolean;
  /** A batch failed after the last assign: the processor's state holds uncommitted changes. */
  dirty: boolean;
  /** Consecutive failed attempts, for the backoff. */
  failures: number;
  timer: NodeJS.Timeout | undefined;
}

export interface SlotDefaults {
  stage: string;
  dlqTopic: string;
  logger: Logger;
  clock: () => number;
}

export function createSlot(tp: TopicPartition, d: SlotDefaults): PartitionSlot {
  const logger = d.logger.child({ stage: d.stage, topic: tp.topic, partition: tp.partition });
  return {
    tp,
    key: tpKey(tp),
    logger,
    ctx: {
      stage: d.stage,
      topic: tp.topic,
      partition: tp.partition,
      logger,
      dlq: (record, error, failures) =>
        dlqRecord(record, error, { stage: d.stage, topic: d.dlqTopic, at: d.clock() }, failures),
    },
    status: 'opening',
    producer: null,
    nextOffset: null,
    loaded: false,
    dirty: false,
    failures: 0,
    timer: undefined,
  };
}

export function clearSlotTimer(slot: PartitionSlot): void {
  if (slot.timer !== undefined) clearTimeout(slot.timer);
  slot.timer = undefined;
}
