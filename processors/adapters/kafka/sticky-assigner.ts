// The kafkajs glue of sticky-assignment.ts: each member's subscription carries its instance id
// and the partitions it owns now (JSON in the member metadata's userData); the group leader
// reads them, assigns, and remembers what each instance held for later rebalances.
// A member without our userData (another assigner's member) counts as owning nothing.
import { AssignerProtocol } from 'kafkajs';
import type { PartitionAssigner } from 'kafkajs';
import type { TopicPartition } from './records.js';
import { stickyAssign, type MemberClaim } from './sticky-assignment.js';

export const STICKY_ASSIGNER = 'wai-sticky';

interface UserData {
  instance?: unknown;
  owned?: unknown;
  endpoint?: unknown;
}

function parseUserData(userData: Buffer | null | undefined): UserData {
  try {
    const parsed: unknown = JSON.parse(userData?.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {}; // not ours: nothing claimed, nothing advertised
  }
}

/** What a member advertises in its subscription: its instance and its HTTP endpoint, if any. */
export function memberAdvert(
  memberId: string,
  userData: Buffer | null,
): { instance: string; endpoint: string | null } {
  const parsed = parseUserData(userData);
  return {
    instance: typeof parsed.instance === 'string' ? parsed.instance : memberId,
    endpoint: typeof parsed.endpoint === 'string' ? parsed.endpoint : null,
  };
}

function claimOf(memberId: string, metadata: Buffer): MemberClaim {
  const { userData } = AssignerProtocol.MemberMetadata.decode(metadata) ?? {};
  const parsed = parseUserData(userData);
  const owned = Array.isArray(parsed.owned)
    ? (parsed.owned as unknown[]).filter(
        (tp): tp is TopicPartition =>
          typeof (tp as TopicPartition).topic === 'string' &&
          Number.isInteger((tp as TopicPartition).partition),
      )
    : [];
  const instance = typeof parsed.instance === 'string' ? parsed.instance : memberId;
  return { memberId, instance, owned };
}

export function stickyAssigner(options: {
  instance: string;
  /** This member's HTTP endpoint (the lookup API), advertised to the group; null: none. */
  endpoint: string | null;
  /** What this member owns now, sent with every join. */
  owned: () => readonly TopicPartition[];
}): PartitionAssigner {
  const held = new Map<string, ReadonlySet<string>>();
  return ({ cluster }) => ({
    name: STICKY_ASSIGNER,
    version: 1,
    assign({ members, topics }) {
      const partitions = topics.flatMap((topic) =>
        cluster.findTopicPartitionMetadata(topic).map((m) => ({ topic, partition: m.partitionId })),
      );
      const claims = members.map((m) => claimOf(m.memberId, m.memberMetadata));
      const assigned = stickyAssign(claims, partitions, held);
      return Promise.resolve(
        members.map((m) => {
          const assignment: Record<string, number[]> = {};
          for (const tp of assigned.get(m.memberId) ?? []) {
            (assignment[tp.topic] ??= []).push(tp.partition);
          }
          return {
            memberId: m.memberId,
            memberAssignment: AssignerProtocol.MemberAssignment.encode({
              version: 1,
              assignment,
              userData: Buffer.alloc(0),
            }),
          };
        }),
      );
    },
    protocol: ({ topics }) => ({
      name: STICKY_ASSIGNER,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.from(
          JSON.stringify({
            instance: options.instance,
            owned: options.owned(),
            ...(options.endpoint === null ? {} : { endpoint: options.endpoint }),
          }),
        ),
      }),
    }),
  });
}
