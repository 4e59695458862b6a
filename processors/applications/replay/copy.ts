// The side-by-side replay's copy: the source input log from its start up to the end taken
// when the replay began, into the new deployment's input log on the same partition with the
// same key, value, headers and timestamp, in offset order (an idempotent producer, one
// request in flight). Records before --from get the warm-up header (warmup.ts); records at or
// after --to are left out. Record times are the append times of the log's writers.
import type { InputRecord, KafkaClient, OutputRecord, Sink } from '../../adapters/kafka/index.js';
import { readRange } from '../../adapters/kafka/index.js';
import { REPLAY_HEADER, WARMUP } from './warmup.js';

export interface CopyRequest {
  sourceTopic: string;
  targetTopic: string;
  from: ReadonlyMap<number, string>;
  to: ReadonlyMap<number, string>;
  /** Record time where the replay proper starts; earlier records are warm-up. */
  fromMs: number;
  /** Record time from which nothing is copied; null: up to the end. */
  toMs: number | null;
  onProgress?: (copied: number) => void;
}

export interface CopyCounts {
  warmup: number;
  replayed: number;
  /** Records at or after --to, not copied. */
  skipped: number;
}

const BATCH = 500;

export function copyRecord(
  record: InputRecord,
  targetTopic: string,
  warmup: boolean,
): OutputRecord {
  return {
    topic: targetTopic,
    partition: record.partition,
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    headers: warmup ? { ...record.headers, [REPLAY_HEADER]: WARMUP } : record.headers,
  };
}

export async function copyInputLog(
  client: KafkaClient,
  sink: Sink,
  request: CopyRequest,
): Promise<CopyCounts> {
  const counts: CopyCounts = { warmup: 0, replayed: 0, skipped: 0 };
  let pending: OutputRecord[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await sink.send(batch);
    request.onProgress?.(counts.warmup + counts.replayed);
  };
  await readRange(client, {
    topic: request.sourceTopic,
    from: request.from,
    to: request.to,
    apply: async (record) => {
      if (request.toMs !== null && record.timestamp >= request.toMs) {
        counts.skipped += 1;
        return;
      }
      const warmup = record.timestamp < request.fromMs;
      if (warmup) counts.warmup += 1;
      else counts.replayed += 1;
      pending.push(copyRecord(record, request.targetTopic, warmup));
      if (pending.length >= BATCH) await flush();
    },
  });
  await flush();
  return counts;
}
