// The admin side of the adapter: what the runner and tools ask of the cluster, in our types.
import type { Admin } from 'kafkajs';
import { toWaiError, WaiError } from '../../core/errors.js';

export interface PartitionOffsets {
  partition: number;
  /** Log start offset. */
  low: string;
  /** Read-committed end: the last stable offset (below any open transaction). */
  high: string;
}

export interface TopicToCreate {
  name: string;
  partitions: number;
  replicationFactor?: number;
  configs?: Readonly<Record<string, string>>;
}

export interface KafkaAdmin {
  /** Committed offset per partition of a group; null where the group has none. */
  committedOffsets(
    groupId: string,
    topic: string,
    partitions: readonly number[],
  ): Promise<Map<number, string | null>>;
  partitionOffsets(topic: string): Promise<PartitionOffsets[]>;
  createTopics(topics: readonly TopicToCreate[]): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Best effort: an unknown or non-empty group is left alone. */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  disconnect(): Promise<void>;
}

function brokerError(what: string, err: unknown): WaiError {
  const cause = toWaiError(err);
  return new WaiError('WAI_BROKER', `${what}: ${cause.message}`, { retriable: true, cause: err });
}

export function wrapAdmin(admin: Admin): KafkaAdmin {
  return {
    async committedOffsets(groupId, topic, partitions) {
      try {
        const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const found = new Map((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
        return new Map(
          partitions.map((p) => {
            const offset = found.get(p);
            return [p, offset === undefined || BigInt(offset) < 0n ? null : offset];
          }),
        );
      } catch (err) {
        throw brokerError(`committed offsets of ${groupId} on ${topic}`, err);
      }
    },
    async partitionOffsets(topic) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high }));
      } catch (err) {
        throw brokerError(`end offsets of ${topic}`, err);
      }
    },
    async createTopics(topics) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? 1,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    },
    async deleteTopics(names) {
      if (names.length > 0) await admin.deleteTopics({ topics: [...names] });
    },
    async deleteGroups(groupIds) {
      if (groupIds.length === 0) return;
      await admin.deleteGroups([...groupIds]).catch(() => undefined);
    },
    disconnect: () => admin.disconnect(),
  };
}
