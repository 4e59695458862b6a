// What a new group assignment changes for this worker. kafkajs (classic, eager protocol) only
// reports the full assignment after each join; the runner keeps the state of partitions that
// stay, opens the new ones and closes the revoked ones.
import { tpKey } from './records.js';
import type { TopicPartition } from './records.js';

export function flattenAssignment(
  assignment: Readonly<Record<string, readonly number[]>>,
): TopicPartition[] {
  return Object.entries(assignment)
    .flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })))
    .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

export interface AssignmentChange {
  added: TopicPartition[];
  /** Keys (tpKey) of owned partitions to close. */
  removed: string[];
}

/**
 * `rejoined`: this worker came back as a new group member (after a session timeout or a
 * consumer restart). Another worker may have owned its partitions in between, so nothing it
 * holds can be trusted: everything is closed and opened again.
 */
export function diffAssignment(
  owned: Iterable<string>,
  assigned: readonly TopicPartition[],
  rejoined: boolean,
): AssignmentChange {
  const ownedKeys = new Set(owned);
  const assignedKeys = new Set(assigned.map(tpKey));
  const removed = [...ownedKeys].filter((k) => rejoined || !assignedKeys.has(k));
  const added = assigned.filter((tp) => rejoined || !ownedKeys.has(tpKey(tp)));
  return { added, removed };
}
