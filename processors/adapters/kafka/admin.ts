// The admin side of the adapter: what the runner and tools ask of the cluster, in our types.
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';

// Not among the names Node can import from kafkajs (CommonJS) by name: read it off the module.
const { ConfigResourceTypes, AssignerProtocol } = kafkajs;
import { toWaiError, WaiError } from '../../domain/errors.js';
import { backoffDelay } from './backoff.js';

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

export interface TopicQuery {
  name: string;
  /** The settings whose values to report (none asked, none reported). */
  configNames: readonly string[];
}

export interface TopicDescription {
  name: string;
  partitions: number;
  /** Replicas of partition 0 (every partition is created with the same count). */
  replicationFactor: number;
  /** The values of the settings asked about, as the broker reports them. */
  configs: Record<string, string>;
}

export interface GroupMemberAssignment {
  memberId: string;
  userData: Buffer | null;
  assignment: Readonly<Record<string, readonly number[]>>;
}

export interface KafkaAdmin {
  /** Committed offset per partition of a group; null where the group has none. */
  committedOffsets(
    groupId: string,
    topic: string,
    partitions: readonly number[],
  ): Promise<Map<number, string | null>>;
  partitionOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** The topics among `queries` that exist, each with the values of its `configNames`. */
  describeTopics(queries: readonly TopicQuery[]): Promise<Map<string, TopicDescription>>;
  /** Waits for their leaders; a topic that already exists (another creator) is no error. */
  createTopics(topics: readonly TopicToCreate[]): Promise<void>;
  deleteTopics(names: readonly string[]): Promise<void>;
  /** Sets a group's committed offsets (the group must have no live member). */
  setGroupOffsets(
    groupId: string,
    topic: string,
    offsets: readonly { partition: number; offset: string }[],
  ): Promise<void>;
  /**
   * Each live member's assignment (topic → partitions) and the user data of its subscription
   * (the assigner's member metadata), as the group coordinator holds them now; empty while
   * the group rebalances or is unknown.
   */
  groupAssignment(groupId: string): Promise<GroupMemberAssignment[]>;
  /** The live members of a group (none for an unknown or empty group), by client and host. */
  groupMembers(groupId: string): Promise<{ clientId: string; host: string }[]>;
  /** Best effort: an unknown or non-empty group is left alone. */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /** Brokers the cluster reports (a probe that the cluster answers). */
  brokerCount(): Promise<number>;
  disconnect(): Promise<void>;
}

function brokerError(what: string, err: unknown): WaiError {
  const cause = toWaiError(err);
  return new WaiError('WAI_BROKER', `${what}: ${cause.message}`, { retriable: true, cause: err });
}

/** Attempts of a read-only call before its error surfaces: about 10 s in all. */
const READ_ATTEMPTS = 7;
const READ_BACKOFF = { initialMs: 100, maxMs: 3000 };

/**
 * A read-only call, retried while the broker answers with a transient error: right after a
 * topic is created or a broker restarts, partition leaders move and kafkajs's own retries can
 * run out on stale metadata (NOT_LEADER_OR_FOLLOWER). Reads are safe to repeat.
 */
async function retryingRead<T>(what: string, read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      const retriable = (err as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= READ_ATTEMPTS) throw brokerError(what, err);
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, READ_BACKOFF)));
    }
  }
}

/** Refusals no retry changes: a bad setting or count, a policy, missing rights. */
const REFUSED = /^(INVALID_|POLICY_VIOLATION$|\w+_AUTHORIZATION_FAILED$)/;

interface KafkaJsError {
  type?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** The error and, for kafkajs's aggregate of per-topic errors, each of those. */
function parts(err: unknown): KafkaJsError[] {
  const e = (err ?? {}) as KafkaJsError;
  return [e, ...(Array.isArray(e.errors) ? (e.errors as KafkaJsError[]) : [])];
}

/**
 * A failed admin call: WAI_CONFIG when the broker refused (a bad count or setting, a
 * policy, missing rights: retrying cannot help), else WAI_BROKER, retriable. The message
 * carries each per-topic error. A WaiError is kept as it is.
 */
export function adminFailure(what: string, err: unknown): WaiError {
  if (err instanceof WaiError) return err;
  const details = parts(err)
    .map((e) => (typeof e.message === 'string' ? e.message : ''))
    .filter((m, i, all) => m !== '' && all.indexOf(m) === i);
  const message = `${what}: ${details.join('; ') || toWaiError(err).message}`;
  const refused = parts(err).some((e) => typeof e.type === 'string' && REFUSED.test(e.type));
  return refused
    ? new WaiError('WAI_CONFIG', message, { cause: err })
    : new WaiError('WAI_BROKER', message, { retriable: true, cause: err });
}

async function describeTopics(
  admin: Admin,
  queries: readonly TopicQuery[],
): Promise<Map<string, TopicDescription>> {
  // Listed first: metadata of a missing topic is an error, not an absence.
  const listed = new Set(await admin.listTopics());
  const present = queries.filter((q) => listed.has(q.name));
  const found = new Map<string, TopicDescription>();
  if (present.length === 0) return found;
  const { topics } = await admin.fetchTopicMetadata({ topics: present.map((q) => q.name) });
  // Only topics with settings to report: an empty name list would mean "all of them".
  const withConfigs = present.filter((q) => q.configNames.length > 0);
  const { resources } =
    withConfigs.length === 0
      ? { resources: [] }
      : await admin.describeConfigs({
          includeSynonyms: false,
          resources: withConfigs.map((q) => ({
            type: ConfigResourceTypes.TOPIC,
            name: q.name,
            configNames: [...q.configNames],
          })),
        });
  for (const t of topics) {
    const first = t.partitions.find((p) => p.partitionId === 0) ?? t.partitions[0];
    const asked = new Set(present.find((q) => q.name === t.name)?.configNames);
    const entries = resources.find((r) => r.resourceName === t.name)?.configEntries ?? [];
    found.set(t.name, {
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: first?.replicas.length ?? 0,
      configs: Object.fromEntries(
        entries.filter((e) => asked.has(e.configName)).map((e) => [e.configName, e.configValue]),
      ),
    });
  }
  return found;
}

export function wrapAdmin(admin: Admin): KafkaAdmin {
  return {
    async committedOffsets(groupId, topic, partitions) {
      const [entry] = await retryingRead(`committed offsets of ${groupId} on ${topic}`, () =>
        admin.fetchOffsets({ groupId, topics: [topic] }),
      );
      const found = new Map((entry?.partitions ?? []).map((p) => [p.partition, p.offset]));
      return new Map(
        partitions.map((p) => {
          const offset = found.get(p);
          return [p, offset === undefined || BigInt(offset) < 0n ? null : offset];
        }),
      );
    },
    async partitionOffsets(topic) {
      const offsets = await retryingRead(`end offsets of ${topic}`, () =>
        admin.fetchTopicOffsets(topic),
      );
      return offsets.map((o) => ({ partition: o.partition, low: o.low, high: o.high }));
    },
    async describeTopics(queries) {
      try {
        return await describeTopics(admin, queries);
      } catch (err) {
        throw adminFailure('describing topics', err);
      }
    },
    async createTopics(topics) {
      if (topics.length === 0) return;
      const what = `creating ${topics.map((t) => t.name).join(', ')}`;
      const request = {
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? 1,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      };
      for (let attempt = 1; ; attempt++) {
        try {
          // Resolves false, not an error, when every failure was TOPIC_ALREADY_EXISTS: so a
          // retry after the topics were created but their leaders not yet seen is harmless.
          await admin.createTopics(request);
          return;
        } catch (err) {
          const failure = adminFailure(what, err);
          // Waiting for leaders can meet metadata not yet propagated (UNKNOWN_TOPIC_OR_PARTITION).
          if (!failure.retriable || attempt >= READ_ATTEMPTS) throw failure;
          await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, READ_BACKOFF)));
        }
      }
    },
    async setGroupOffsets(groupId, topic, offsets) {
      try {
        await admin.setOffsets({ groupId, topic, partitions: [...offsets] });
      } catch (err) {
        throw adminFailure(`setting offsets of ${groupId} on ${topic}`, err);
      }
    },
    async groupAssignment(groupId) {
      const { groups } = await retryingRead(`assignment of ${groupId}`, () =>
        admin.describeGroups([groupId]),
      );
      const group = groups[0];
      if (group?.state !== 'Stable') return [];
      return group.members.map((m) => ({
        memberId: m.memberId,
        userData: AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData ?? null,
        assignment: AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {},
      }));
    },
    async groupMembers(groupId) {
      const { groups } = await retryingRead(`members of ${groupId}`, () =>
        admin.describeGroups([groupId]),
      );
      return (groups[0]?.members ?? []).map((m) => ({ clientId: m.clientId, host: m.clientHost }));
    },
    async deleteTopics(names) {
      if (names.length > 0) await admin.deleteTopics({ topics: [...names] });
    },
    async deleteGroups(groupIds) {
      if (groupIds.length === 0) return;
      await admin.deleteGroups([...groupIds]).catch(() => undefined);
    },
    async brokerCount() {
      return (await admin.describeCluster()).brokers.length;
    },
    disconnect: () => admin.disconnect(),
  };
}
