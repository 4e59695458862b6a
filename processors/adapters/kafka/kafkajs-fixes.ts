// A fix to kafkajs 2.2.4, applied once when the Kafka adapter loads (kafkajs is not
// maintained any more; upstream issues tulios/kafkajs#1751 and #1704, open).
//
// RequestQueue.scheduleCheckPendingRequests computes `throttledUntil - Date.now()`, and
// `throttledUntil` is -1 until a broker throttles: with nothing pending it schedules a check at
// a negative delay. Node 24 prints a TimeoutNegativeWarning for it (every command that talks
// to Kafka printed one), and the check re-schedules itself at 1 ms for as long as the queue
// is idle. With nothing pending and no throttle to wait for there is nothing to check: a
// request pushed later schedules its own check.
import { createRequire } from 'node:module';

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
}

interface RequestQueueClass {
  prototype: RequestQueueInternals & {
    scheduleCheckPendingRequests: (this: RequestQueueInternals) => void;
  };
}

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as RequestQueueClass;
const schedule = RequestQueue.prototype.scheduleCheckPendingRequests;

RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals) {
  if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
  schedule.call(this);
};

// A second fix: kafkajs reads read_committed fetches wrongly when aborted transactions
// interleave (consumer/filterAbortedMessages.js assumes the broker lists them by first offset,
// and starts at most one per record; the broker lists them as they completed). With several
// transactional producers on one partition (the data stream, the export log), a kafkajs
// reader could return records of aborted transactions. Here every fetched partition is
// filtered as Kafka's Java client does, before kafkajs sees it: aborted transactions sorted
// by first offset, each one active for its producer from its first offset to that
// producer's ABORT marker. An aborted record is turned into a control record, so kafkajs
// drops it from `batch.messages` and still counts its offset as consumed.

export interface FetchedMessage {
  offset: string;
  key: Buffer | null;
  isControlRecord?: boolean;
  batchContext?: { producerId?: string; inTransaction?: boolean };
}

export interface FetchedPartition {
  abortedTransactions?: { producerId: string; firstOffset: string }[];
  messages?: FetchedMessage[];
}

interface FetchResponse {
  responses?: { partitions?: FetchedPartition[] }[];
}

interface BrokerClass {
  prototype: { fetch: (this: unknown, request: unknown) => Promise<FetchResponse> };
}

const ABORT_MARKER_KEY = Buffer.from([0, 0, 0, 0]);

/** Marks the records of aborted transactions; exported for its unit test. */
export function markAborted(partition: FetchedPartition): void {
  const aborted = [...(partition.abortedTransactions ?? [])].sort((a, b) =>
    BigInt(a.firstOffset) < BigInt(b.firstOffset) ? -1 : 1,
  );
  partition.abortedTransactions = [];
  if (aborted.length === 0) return;
  const active = new Set<string>();
  let next = 0;
  for (const m of partition.messages ?? []) {
    const offset = BigInt(m.offset);
    for (
      let t = aborted[next];
      t !== undefined && BigInt(t.firstOffset) <= offset;
      t = aborted[next]
    ) {
      active.add(t.producerId);
      next += 1;
    }
    const producer = m.batchContext?.producerId ?? '';
    if (m.isControlRecord === true) {
      if (m.key !== null && Buffer.from(m.key).equals(ABORT_MARKER_KEY)) active.delete(producer);
    } else if (m.batchContext?.inTransaction === true && active.has(producer)) {
      m.isControlRecord = true;
    }
  }
}

const Broker = require('kafkajs/src/broker/index.js') as BrokerClass;
const fetch = Broker.prototype.fetch;

Broker.prototype.fetch = async function (this: unknown, request: unknown) {
  const response = await fetch.call(this, request);
  for (const topic of response.responses ?? [])
    for (const p of topic.partitions ?? []) markAborted(p);
  return response;
};
