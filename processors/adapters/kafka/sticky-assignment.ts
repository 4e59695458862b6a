// Which member of the group gets which input partition. kafkajs speaks only the eager group
// protocol (every member gives up everything on each rebalance) and has no static membership
// (`group.instance.id`), so the cost of a rebalance is in what moves: a moved partition is
// fenced, restored and replayed by its new owner. This assignment moves as little as it can:
//   1. balance: each member gets ⌊N/M⌋ or ⌈N/M⌉ partitions; members that own more keep more;
//   2. stickiness: a member keeps the partitions it owns now, up to its share;
//   3. homecoming: a member over its share gives up first the partitions that another present
//      instance held when it was last in the group, and a partition without an owner goes to
//      the member whose instance held it (a restarted worker gets its own back, where state
//      kept aside may still be), else to the member with the fewest.
// Pure: the kafkajs glue (sticky-assigner.ts) reads the claims from member metadata.
import { tpKey } from './records.js';
import type { TopicPartition } from './records.js';

export interface MemberClaim {
  memberId: string;
  /** Stable across restarts of one worker (WAI_INSTANCE_ID), unlike the member id. */
  instance: string;
  /** What the member owns now, as it says itself. */
  owned: readonly TopicPartition[];
}

/** Instances seen at most: a long-lived leader among short-lived instance ids stays bounded. */
const MAX_REMEMBERED = 1000;

/**
 * `held`: per instance, the partitions (tpKey) it held when it was last in the group. Read,
 * and updated with this assignment for the instances present.
 */
export function stickyAssign(
  members: readonly MemberClaim[],
  partitions: readonly TopicPartition[],
  held: Map<string, ReadonlySet<string>>,
): Map<string, TopicPartition[]> {
  const out = new Map<string, TopicPartition[]>(members.map((m) => [m.memberId, []]));
  if (members.length === 0) return out;
  const exists = new Set(partitions.map(tpKey));
  // Larger current holdings first, so the members that own more keep the extra slots.
  const order = [...members].sort(
    (a, b) => b.owned.length - a.owned.length || (a.memberId < b.memberId ? -1 : 1),
  );
  const base = Math.floor(partitions.length / members.length);
  const extra = partitions.length % members.length;
  const cap = new Map(order.map((m, i) => [m.memberId, base + (i < extra ? 1 : 0)]));
  const taken = new Set<string>();
  const give = (memberId: string, tp: TopicPartition): void => {
    out.get(memberId)?.push(tp);
    taken.add(tpKey(tp));
  };
  const room = (memberId: string): boolean =>
    (out.get(memberId)?.length ?? 0) < (cap.get(memberId) ?? 0);
  const present = new Set(members.map((m) => m.instance));
  const homeOf = (tp: TopicPartition, except: string): string | undefined =>
    [...held].find(
      ([instance, keys]) => instance !== except && present.has(instance) && keys.has(tpKey(tp)),
    )?.[0];
  for (const m of order) {
    // Partitions another present instance held last are the first to go.
    const kept = [...m.owned]
      .sort(byTopicPartition)
      .sort(
        (a, b) =>
          Number(homeOf(a, m.instance) !== undefined) - Number(homeOf(b, m.instance) !== undefined),
      );
    for (const tp of kept) {
      if (exists.has(tpKey(tp)) && !taken.has(tpKey(tp)) && room(m.memberId)) give(m.memberId, tp);
    }
  }
  const free = [...partitions].sort(byTopicPartition).filter((tp) => !taken.has(tpKey(tp)));
  for (const tp of free) {
    const home = order.find(
      (m) => room(m.memberId) && held.get(m.instance)?.has(tpKey(tp)) === true,
    );
    const target =
      home ??
      order
        .filter((m) => room(m.memberId))
        .sort(
          (a, b) =>
            (out.get(a.memberId)?.length ?? 0) - (out.get(b.memberId)?.length ?? 0) ||
            (a.memberId < b.memberId ? -1 : 1),
        )[0];
    if (target !== undefined) give(target.memberId, tp);
  }
  for (const m of members) {
    held.delete(m.instance); // re-inserted last: the map's order is the order last seen
    held.set(m.instance, new Set((out.get(m.memberId) ?? []).map(tpKey)));
  }
  for (const instance of held.keys()) {
    if (held.size <= MAX_REMEMBERED) break;
    held.delete(instance);
  }
  return out;
}

function byTopicPartition(a: TopicPartition, b: TopicPartition): number {
  return a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1;
}
