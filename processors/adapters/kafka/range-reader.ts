// Reading a range of a topic for tools (`read`, `export`): per partition from a start offset
// up to an end offset captured by the caller, or without end until stopped (following).
// Read-committed, so records of aborted transactions are never seen, and in offset order per
// partition; `apply` is never called twice at once.
//
// As in restore.ts (same end detection through END_BATCH_PROCESS, which counts the commit
// markers that are never delivered): kafkajs has no manual assign(), so a throw-away consumer
// group whose one member gets exactly the wanted partitions, deleted afterwards. Starts are
// seeks, applied before the first fetch (setting the group's offsets through the admin
// client costs a consumer of its own and about five seconds).
import { randomUUID } from 'node:crypto';
import type { KafkaClient } from './client.js';
import { chain } from './kafka-errors.js';
import { compareOffsets, nextOffsetAfter, toInputRecord } from './records.js';
import type { InputRecord } from './records.js';
import { fixedAssigner } from './restore.js';

export interface RangeRequest {
  topic: string;
  /** The partitions to read, each with its first offset. */
  from: ReadonlyMap<number, string>;
  /** Per partition, the offset to stop before; a partition without one is followed. */
  to: ReadonlyMap<number, string>;
  /** Called for every committed record in range, in offset order per partition. */
  apply: (record: InputRecord) => void | Promise<void>;
  /** Ends the read early; the records applied so far stand. */
  signal?: AbortSignal;
}

export interface RangeResult {
  /** Records applied. */
  records: number;
  /** True when the signal ended the read before every partition reached its end. */
  stopped: boolean;
}

/** Partitions with something to read: no end, or an end above the start. */
function openPartitions(request: RangeRequest): Set<number> {
  const open = new Set<number>();
  for (const [partition, start] of request.from) {
    const end = request.to.get(partition);
    if (end === undefined || compareOffsets(end, start) > 0) open.add(partition);
  }
  return open;
}

const ATTEMPTS = 8;
const RETRY_MS = 500;

function retriable(err: unknown): boolean {
  return chain(err).some(
    (e) => e.retriable === true || e.name === 'KafkaJSNumberOfRetriesExceeded',
  );
}

export async function readRange(client: KafkaClient, request: RangeRequest): Promise<RangeResult> {
  const pending = openPartitions(request);
  if (pending.size === 0 || request.signal?.aborted === true) return { records: 0, stopped: false };
  // Where each partition goes on: a new attempt (a fresh broker's coordinator still loading
  // refuses the first joins) starts there, so no record is applied twice.
  const progress: Progress = { pending, next: new Map(request.from), applied: 0 };
  for (let attempt = 1; ; attempt++) {
    try {
      await readOnce(client, request, progress);
      return { records: progress.applied, stopped: progress.pending.size > 0 };
    } catch (err) {
      if (!retriable(err) || attempt >= ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS * attempt));
    }
  }
}

interface Progress {
  pending: Set<number>;
  next: Map<number, string>;
  applied: number;
}

async function readOnce(
  client: KafkaClient,
  request: RangeRequest,
  progress: Progress,
): Promise<void> {
  const { topic, signal } = request;
  const { pending, next } = progress;
  const groupId = `${client.appId}-read-${randomUUID()}`;
  const consumer = client.kafkajs.consumer({
    groupId,
    partitionAssigners: [fixedAssigner(topic, [...pending])],
    readUncommitted: false,
    maxWaitTimeInMs: 250,
    retry: { retries: 5 },
  });
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => undefined); // awaited below; a crash before that must not be unhandled
  const done = (partition: number): void => {
    if (!pending.delete(partition)) return;
    consumer.pause([{ topic, partitions: [partition] }]);
    if (pending.size === 0) settle?.resolve();
  };
  const onAbort = (): void => settle?.resolve();
  signal?.addEventListener('abort', onAbort, { once: true });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const end = request.to.get(payload.partition);
    if (end !== undefined && compareOffsets(nextOffsetAfter(payload.lastOffset), end) >= 0)
      done(payload.partition);
  });
  // kafkajs restarts the consumer itself after a retriable crash; only a final one ends this.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) settle?.reject(payload.error);
  });
  // Seeks on every join: a join that completes late or again still starts at `next`.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const partition of pending)
      consumer.seek({ topic, partition, offset: next.get(partition) ?? '0' });
  });
  try {
    await consumer.connect();
    // From the beginning only where a start fell off the log (retention).
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = request.to.get(batch.partition);
        for (const m of batch.messages) {
          if (signal?.aborted === true || !pending.has(batch.partition)) return;
          if (end !== undefined && compareOffsets(m.offset, end) >= 0) {
            done(batch.partition);
            return;
          }
          await request.apply(toInputRecord(topic, batch.partition, m));
          next.set(batch.partition, nextOffsetAfter(m.offset));
          progress.applied += 1;
        }
      },
    });
    await finished;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await consumer.disconnect().catch(() => undefined);
    const cleanup = await client.admin().catch(() => undefined);
    await cleanup?.deleteGroups([groupId]);
    await cleanup?.disconnect();
  }
}
