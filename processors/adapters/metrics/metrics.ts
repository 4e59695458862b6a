// The product's Prometheus instruments, in a registry the caller owns: never prom-client's
// global one, so every test (and every pipeline in one process) counts on its own.
//
// Labels are stage names, topic names, lifecycle states, transaction outcomes and error
// codes: small closed sets. Keys and values never become labels (a key can hold a user's
// identity, and one series per user would also swamp the server).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LifecycleState } from '../lifecycle/lifecycle.js';

export type TransactionOutcome = 'committed' | 'aborted' | 'fenced';

// A record, so a state added to the lifecycle without a label here does not compile.
const STATES: Readonly<Record<LifecycleState, true>> = {
  CREATED: true,
  STARTING: true,
  RESTORING: true,
  RUNNING: true,
  STOPPING: true,
  STOPPED: true,
  FAILED: true,
};
export const LIFECYCLE_STATES = Object.keys(STATES) as readonly LifecycleState[];

export interface WaiMetrics {
  readonly registry: Registry;
  /** Input records of committed transactions. */
  readonly recordsConsumed: Counter<'stage' | 'topic'>;
  /** Records written by committed transactions: results, state writes and DLQ copies. */
  readonly recordsProduced: Counter<'stage' | 'topic'>;
  /** DLQ copies in committed transactions, by the `wai.error.code` they carry. */
  readonly dlqRecords: Counter<'stage' | 'code'>;
  readonly transactions: Counter<'stage' | 'outcome'>;
  /** From begin to commit, or to the failure that aborted the chunk. */
  readonly transactionDuration: Histogram<'stage'>;
  /** State records applied by restores (partitions assigned, or rolled back). */
  readonly restoreRecords: Counter<'stage'>;
  readonly restoreDuration: Histogram<'stage'>;
  /** Input partitions owned and processing (opened, not fenced). */
  readonly ownedPartitions: Gauge<'stage'>;
  /** 1 for the stage's current lifecycle state, 0 for the others. */
  readonly stageState: Gauge<'stage' | 'state'>;
  /** Input records that held nothing to process (a delivery without items). */
  readonly recordsWithoutItems: Counter<'stage'>;
  /** Records between the committed position and the high watermark, per owned partition. */
  readonly consumerLag: Gauge<'stage' | 'topic' | 'partition'>;
}

export interface MetricsOptions {
  /** prom-client's process and Node.js metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
}

export function createMetrics(
  registry: Registry = new Registry(),
  options: MetricsOptions = {},
): WaiMetrics {
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    recordsConsumed: new Counter({
      name: 'wai_records_consumed_total',
      help: 'Input records of committed transactions.',
      labelNames: ['stage', 'topic'],
      registers,
    }),
    recordsProduced: new Counter({
      name: 'wai_records_produced_total',
      help: 'Records written by committed transactions (results, state writes, DLQ copies).',
      labelNames: ['stage', 'topic'],
      registers,
    }),
    dlqRecords: new Counter({
      name: 'wai_dlq_records_total',
      help: 'Poison pills copied to the DLQ by committed transactions, by error code.',
      labelNames: ['stage', 'code'],
      registers,
    }),
    transactions: new Counter({
      name: 'wai_transactions_total',
      help: 'Chunk transactions by outcome: committed, aborted (replayed) or fenced (dropped).',
      labelNames: ['stage', 'outcome'],
      registers,
    }),
    transactionDuration: new Histogram({
      name: 'wai_transaction_duration_seconds',
      help: 'Time of one chunk transaction, from begin to commit or abort.',
      labelNames: ['stage'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    restoreRecords: new Counter({
      name: 'wai_restore_records_total',
      help: 'State records applied by partition restores.',
      labelNames: ['stage'],
      registers,
    }),
    restoreDuration: new Histogram({
      name: 'wai_restore_duration_seconds',
      help: 'Time of one restore of state partitions.',
      labelNames: ['stage'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    ownedPartitions: new Gauge({
      name: 'wai_owned_partitions',
      help: 'Input partitions owned and processing.',
      labelNames: ['stage'],
      registers,
    }),
    stageState: new Gauge({
      name: 'wai_stage_state',
      help: `1 for the stage's lifecycle state, 0 for the others (${LIFECYCLE_STATES.join(', ')}).`,
      labelNames: ['stage', 'state'],
      registers,
    }),
    recordsWithoutItems: new Counter({
      name: 'wai_records_without_items_total',
      help: 'Input records that held nothing to process (e.g. a delivery with an empty entry list); counted when processed, so a replayed batch counts them again.',
      labelNames: ['stage'],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'wai_consumer_lag',
      help: 'Input records not yet committed: high watermark minus committed offset, per owned partition (set after each commit; removed when the partition leaves).',
      labelNames: ['stage', 'topic', 'partition'],
      registers,
    }),
  };
}
