// State restore from a compacted topic: read the given partitions from their start (or from a
// given offset, to catch up state kept aside) up to the read-committed end captured before
// reading, then stop. Used by a stateful stage when it is
// assigned input partitions: the state of exactly those partitions is rebuilt before any of
// their events is processed.
//
// kafkajs has no manual assign(), so a throw-away consumer group is used whose one member gets
// exactly the wanted partitions from a fixed assigner (nothing else is fetched), and which is
// deleted afterwards. Read-committed, so aborted state writes are never applied.
//
// End detection: the end captured is the last stable offset; the last offsets below it may be
// control records (commit markers), which are never delivered. Progress is therefore taken
// from kafkajs's END_BATCH_PROCESS event, whose lastOffset counts control records and which
// also fires for batches that filtering emptied.
import { randomUUID } from 'node:crypto';
import { AssignerProtocol } from 'kafkajs';
import type { PartitionAssigner } from 'kafkajs';
import { WaiError } from '../../domain/errors.js';
import { withTimeout } from '../lifecycle/timeout.js';
import type { KafkaClient } from './client.js';
import { compareOffsets, nextOffsetAfter, toInputRecord } from './records.js';
import type { InputRecord } from './records.js';

export interface RestoreRequest {
  topic: string;
  partitions: readonly number[];
  /** Called for every committed record, in offset order per partition. Tombstones have value null. */
  apply: (record: InputRecord) => void | Promise<void>;
  /**
   * Per partition, the offset to start at (a catch-up) instead of the log start. Records
   * before it may be applied too (a compacted log may have moved): applying a suffix of the
   * log again over state that already holds it changes nothing.
   */
  from?: ReadonlyMap<number, string>;
  timeoutMs?: number;
}

export interface RestoreResult {
  records: number;
  /** The end offset read up to, per partition. */
  endOffsets: Map<number, string>;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export function fixedAssigner(topic: string, partitions: readonly number[]): PartitionAssigner {
  const name = 'wai-fixed';
  return () => ({
    name,
    version: 1,
    assign({ members }) {
      // A throw-away group has one member; should another appear, it gets nothing.
      return Promise.resolve(
        members.map((m, i) => ({
          memberId: m.memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 1,
            assignment: i === 0 ? { [topic]: [...partitions] } : {},
            userData: Buffer.alloc(0),
          }),
        })),
      );
    },
    protocol: ({ topics }) => ({
      name,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
  });
}

export async function restorePartitions(
  client: KafkaClient,
  request: RestoreRequest,
): Promise<RestoreResult> {
  const { topic, apply } = request;
  const admin = await client.admin();
  const endOffsets = new Map<number, string>();
  // Partitions still to read (end above where reading starts), with that start.
  const pending = new Map<number, string>();
  try {
    const offsets = await admin.partitionOffsets(topic);
    for (const p of request.partitions) {
      const o = offsets.find((x) => x.partition === p);
      if (o === undefined)
        throw new WaiError('WAI_BROKER', `restore: ${topic} has no partition ${p}`, {
          retriable: true,
        });
      endOffsets.set(p, o.high);
      const start = request.from?.get(p);
      const from = start !== undefined && compareOffsets(start, o.low) > 0 ? start : o.low;
      if (compareOffsets(o.high, from) > 0) pending.set(p, from);
    }
    if (pending.size === 0) return { records: 0, endOffsets };
    const groupId = `${client.appId}-restore-${randomUUID()}`;
    // A new group starts at the log start, or where it has committed offsets: a catch-up.
    const starts = [...pending]
      .filter(([partition]) => request.from?.has(partition) === true)
      .map(([partition, offset]) => ({ partition, offset }));
    if (starts.length > 0) await admin.setGroupOffsets(groupId, topic, starts);
    await admin.disconnect();
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const records = await readUntilEnd(
      client,
      { topic, groupId, pending, endOffsets, apply },
      timeoutMs,
    );
    return { records, endOffsets };
  } finally {
    await admin.disconnect();
  }
}

interface Reading {
  topic: string;
  groupId: string;
  pending: Map<number, string>;
  endOffsets: ReadonlyMap<number, string>;
  apply: RestoreRequest['apply'];
}

async function readUntilEnd(client: KafkaClient, r: Reading, timeoutMs: number): Promise<number> {
  const { topic, groupId, pending, endOffsets, apply } = r;
  const what = `restore of ${topic} partitions ${[...pending.keys()].join(',')}`;
  const consumer = client.kafkajs.consumer({
    groupId,
    partitionAssigners: [fixedAssigner(topic, [...pending.keys()])],
    readUncommitted: false,
    maxWaitTimeInMs: 250,
    retry: { retries: 5 },
  });
  let applied = 0;
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => undefined); // awaited below; a crash before that must not be unhandled
  const reached = (partition: number, lastOffset: string): void => {
    const end = endOffsets.get(partition);
    if (end !== undefined && compareOffsets(nextOffsetAfter(lastOffset), end) >= 0)
      pending.delete(partition);
    if (pending.size === 0) settle?.resolve();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
    reached(payload.partition, payload.lastOffset),
  );
  // kafkajs restarts a consumer whose crash was retriable (e.g. its first join met
  // COORDINATOR_LOAD_IN_PROGRESS on a fresh broker): only a crash it gives up on fails us.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) settle?.reject(payload.error);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const end = endOffsets.get(batch.partition);
        if (end === undefined || !pending.has(batch.partition)) return;
        for (const m of batch.messages) {
          // Records past the captured end belong to a later owner's writes: not ours to apply.
          if (compareOffsets(m.offset, end) >= 0) break;
          await apply(toInputRecord(topic, batch.partition, m));
          applied += 1;
        }
      },
    });
    await withTimeout(finished, timeoutMs, what);
    return applied;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    const admin = await client.admin().catch(() => undefined);
    await admin?.deleteGroups([groupId]);
    await admin?.disconnect();
  }
}
