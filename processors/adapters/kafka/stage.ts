// The contract between a stage (split, resolve, …) and the transactional runner. A stage is a
// PartitionProcessor: it owns in-memory state per input partition and turns batches of input
// records into output records. It never sees kafkajs, producers or offsets.
import type { DlqFailures } from './dlq.js';
import type { LifecycleState } from '../lifecycle/lifecycle.js';
import type { Logger } from '../logging/logger.js';
import type { WaiMetrics } from '../metrics/metrics.js';
import type { BackoffOptions } from './backoff.js';
import type { KafkaClient } from './client.js';
import type { InputRecord, OutputRecord, TopicPartition } from './records.js';
import type { WrittenBatch } from './partition-producer.js';
import type { RestoreResult } from './restore.js';

export interface AssignContext {
  readonly stage: string;
  readonly logger: Logger;
  /**
   * Reads `partitions` of a compacted state topic to its current end (read committed), from
   * the start or, for a partition in `from`, from that offset, calling `apply` per record in
   * offset order; tombstones have value null.
   */
  restore(
    topic: string,
    partitions: readonly number[],
    apply: (record: InputRecord) => void | Promise<void>,
    from?: ReadonlyMap<number, string>,
  ): Promise<RestoreResult>;
}

export interface BatchContext {
  readonly stage: string;
  readonly topic: string;
  readonly partition: number;
  /** Child logger bound to {stage, topic, partition}. */
  readonly logger: Logger;
  /**
   * The DLQ copy of `record` (original bytes, headers, timestamp + error headers): one per
   * input record, `failures` summing up several failed items.
   */
  dlq(record: InputRecord, error: unknown, failures?: DlqFailures): OutputRecord;
}

export interface PartitionProcessor {
  /**
   * Load the state of newly owned partitions, typically with `ctx.restore` from the state
   * topic's partitions of the same numbers. Finishes before any of their records is
   * processed. Also called again for one partition after `revoke` when a failed batch is
   * rolled back. Throwing a retriable WaiError retries with backoff; anything else is fatal.
   */
  assign(partitions: readonly TopicPartition[], ctx: AssignContext): Promise<void>;
  /**
   * Stop using the state of these partitions. `revoked`: the group moved them elsewhere (or
   * the stage stops) right after their last commit, so the state is exactly what was
   * committed and may be kept aside, in case they come back (then `assign` only has to catch
   * up). `rolled-back`: their batch was aborted or fenced, so the state holds changes that
   * must not survive: forget it.
   */
  revoke(
    partitions: readonly TopicPartition[],
    reason: 'revoked' | 'rolled-back',
  ): void | Promise<void>;
  /**
   * After a partition's transaction committed: where its outputs were written (the first
   * offset of each topic-partition batch), e.g. to know how far the state topic is known.
   */
  committed?(partition: TopicPartition, written: readonly WrittenBatch[]): void;
  /**
   * Outputs for consecutive records of one partition, in order: results, state writes (to
   * the state topic, `partition` = the input partition) and DLQ records for inputs that
   * cannot be processed (`ctx.dlq`). One transaction may span several calls; they commit or
   * abort together. Throwing aborts the transaction: a retriable WaiError is replayed after
   * backoff, anything else is a bug and stops the stage (process exits non-zero).
   * Calls for different partitions may run concurrently when `partitionsConsumedConcurrently`
   * is above 1; calls for one partition never do.
   */
  processBatch(
    records: readonly InputRecord[],
    ctx: BatchContext,
  ): readonly OutputRecord[] | Promise<readonly OutputRecord[]>;
}

export interface StageOptions {
  client: KafkaClient;
  /** Stage name: part of transactional ids, the default group id, logs and DLQ headers. */
  name: string;
  inputTopics: readonly string[];
  processor: PartitionProcessor;
  /** Where `ctx.dlq` records go (config.topics.dlq). */
  dlqTopic: string;
  /** Default `<appId>-<name>`. */
  groupId?: string;
  /** A new group starts at the earliest offset (default) or at the end. */
  fromBeginning?: boolean;
  /** Records per transaction (default 1000); a fetched batch may take several. */
  maxRecordsPerTransaction?: number;
  /** Records per processBatch call within a transaction (default 200). */
  recordsPerCall?: number;
  /** Broker-side transaction timeout (default 60 s); must exceed the time of one transaction. */
  transactionTimeoutMs?: number;
  /** Client-side deadline of each producer step (default 30 s). */
  stepTimeoutMs?: number;
  /** Force timeout of a graceful stop (config.shutdownTimeoutMs; default 30 s). */
  shutdownTimeoutMs?: number;
  /** Deadline of one partition restore (default 5 min). */
  restoreTimeoutMs?: number;
  backoff?: BackoffOptions;
  /**
   * How long the group waits for a silent member (a killed worker) before its partitions move
   * (default 10 s). Lower: faster failover, but a long GC pause or a slow batch can cost a
   * rebalance.
   */
  sessionTimeoutMs?: number;
  /**
   * This worker's identity across restarts (default: the host name). The group hands a
   * restarted worker the partitions its instance owned last, where it can.
   */
  instanceId?: string;
  /**
   * This worker's HTTP endpoint (e.g. `http://worker-1:9464`), advertised in its group
   * membership so the other members can forward a lookup to the partition's owner
   * (owner-directory.ts). Default null: none advertised.
   */
  endpoint?: string | null;
  /** Heartbeat period (default a tenth of the session timeout, at least 500 ms). */
  heartbeatIntervalMs?: number;
  /** How long a rebalance waits for members to rejoin (default 30 s). */
  rebalanceTimeoutMs?: number;
  /**
   * Longest wait of a fetch for new records (default 500 ms, kafkajs's 5 s is too slow): also
   * how long a stop, a resume or a newly ready partition can wait for the fetch loop.
   */
  maxWaitTimeMs?: number;
  partitionsConsumedConcurrently?: number;
  /** Wall clock for DLQ headers. */
  clock?: () => number;
  /**
   * Fault injection, for the fault-injection suite only (test/chaos): called after a chunk's
   * outputs were sent and before its transaction commits, the window where a crash must
   * leave nothing visible to read_committed readers.
   */
  beforeCommit?: () => void;
  /** Prometheus instruments (`createMetrics`), labelled with this stage's name; default none. */
  metrics?: WaiMetrics;
}

export interface StageHandle {
  readonly name: string;
  readonly groupId: string;
  readonly state: LifecycleState;
  /** Resolves when stopped, rejects with the cause when the stage failed. */
  readonly done: Promise<void>;
  /** Partitions owned and processing (opened and not fenced). */
  owned(): TopicPartition[];
  onState(listener: (state: LifecycleState) => void): void;
  /** Stop fetching, finish and commit the in-flight transaction, close; see StageOptions.shutdownTimeoutMs. */
  stop(): Promise<void>;
}
