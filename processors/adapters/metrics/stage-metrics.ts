// What the stage runner reports, bound to one stage: a small facade so the runner says what
// happened ("this chunk committed") and never handles instruments or labels. Without
// instruments (`StageOptions.metrics` unset) every call is a no-op.
//
// Records count when their transaction commits, not when they are processed or sent: an
// aborted chunk is replayed, and counting it then would count its records twice. So the
// counters agree with what read_committed readers see.
import { DLQ_HEADERS } from '../kafka/dlq.js';
import type { OutputRecord } from '../kafka/records.js';
import type { LifecycleState } from '../lifecycle/lifecycle.js';
import { LIFECYCLE_STATES } from './metrics.js';
import type { WaiMetrics } from './metrics.js';

/** One chunk transaction: started when created, ended once by `committed` or `failed`. */
export interface ChunkMetrics {
  /** Records sent in this transaction (counted only if it commits). */
  sent(records: readonly OutputRecord[]): void;
  committed(inputTopic: string, consumed: number): void;
  /** Aborted (replayed after backoff, or the stage stops) or fenced (partition dropped). */
  failed(outcome: 'aborted' | 'fenced'): void;
}

export interface StageMetrics {
  chunk(): ChunkMetrics;
  /** Starts timing a restore; call the result with the records applied when it succeeded. */
  restore(): (records: number) => void;
  ownedPartitions(count: number): void;
  state(state: LifecycleState): void;
  /** A partition's lag after a commit; `null` when the partition is no longer owned. */
  lag(topic: string, partition: number, lag: number | null): void;
}

export interface StageMetricsOptions {
  stage: string;
  /** DLQ copies are the records sent to this topic. */
  dlqTopic: string;
  /** Monotonic clock in seconds; default performance.now(). */
  now?: () => number;
}

const NO_CHUNK: ChunkMetrics = { sent: () => {}, committed: () => {}, failed: () => {} };

export const NO_STAGE_METRICS: StageMetrics = {
  chunk: () => NO_CHUNK,
  restore: () => () => {},
  ownedPartitions: () => {},
  state: () => {},
  lag: () => {},
};

function codeOf(record: OutputRecord): string {
  const v = record.headers?.[DLQ_HEADERS.code];
  const first = typeof v === 'string' || Buffer.isBuffer(v) ? v : v?.[0];
  return first === undefined ? 'unknown' : first.toString();
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function stageMetrics(
  metrics: WaiMetrics | undefined,
  options: StageMetricsOptions,
): StageMetrics {
  if (metrics === undefined) return NO_STAGE_METRICS;
  const { stage, dlqTopic } = options;
  const now = options.now ?? (() => performance.now() / 1000);
  const m = metrics;

  const chunk = (): ChunkMetrics => {
    const started = now();
    const produced = new Map<string, number>();
    const dlq = new Map<string, number>();
    let ended = false;
    const end = (outcome: 'committed' | 'aborted' | 'fenced'): boolean => {
      if (ended) return false;
      ended = true;
      m.transactions.inc({ stage, outcome });
      m.transactionDuration.observe({ stage }, now() - started);
      return true;
    };
    return {
      sent(records) {
        for (const r of records) {
          bump(produced, r.topic);
          if (r.topic === dlqTopic) bump(dlq, codeOf(r));
        }
      },
      committed(inputTopic, consumed) {
        if (!end('committed')) return;
        m.recordsConsumed.inc({ stage, topic: inputTopic }, consumed);
        for (const [topic, n] of produced) m.recordsProduced.inc({ stage, topic }, n);
        for (const [code, n] of dlq) m.dlqRecords.inc({ stage, code }, n);
      },
      failed(outcome) {
        end(outcome);
      },
    };
  };

  // Every label set exists from the start, so a rate() over a fresh worker sees zeros.
  m.transactions.inc({ stage, outcome: 'committed' }, 0);
  m.transactions.inc({ stage, outcome: 'aborted' }, 0);
  m.transactions.inc({ stage, outcome: 'fenced' }, 0);
  m.restoreRecords.inc({ stage }, 0);
  m.ownedPartitions.set({ stage }, 0);

  return {
    chunk,
    restore() {
      const started = now();
      return (records) => {
        m.restoreRecords.inc({ stage }, records);
        m.restoreDuration.observe({ stage }, now() - started);
      };
    },
    ownedPartitions(count) {
      m.ownedPartitions.set({ stage }, count);
    },
    state(state) {
      for (const s of LIFECYCLE_STATES) m.stageState.set({ stage, state: s }, s === state ? 1 : 0);
    },
    lag(topic, partition, lag) {
      const labels = { stage, topic, partition: String(partition) };
      if (lag === null) m.consumerLag.remove(labels);
      else m.consumerLag.set(labels, lag);
    },
  };
}
