// What provisioning will do, decided before it does anything: topics to create, topics found
// (with how they differ from what this deployment asks for), and the co-partitioning rule.
// Pure: the cluster's answers come in, a plan or a refusal goes out.
import { WaiError } from '../../domain/errors.js';
import type { TopicToCreate } from '../../adapters/kafka/index.js';
import type { TopicId, TopicSpec } from '../../adapters/kafka/topics.js';
import type { ExistingTopic } from './cluster.js';

export interface TopicOutcome {
  id: TopicId;
  name: string;
  action: 'created' | 'found';
  partitions: number;
  replicationFactor: number;
  /** How an existing topic differs from what is asked (reported, never altered). */
  drift: string[];
}

export interface TopicPlan {
  create: TopicToCreate[];
  found: TopicOutcome[];
}

export interface TopicShape {
  partitions: number;
  replicationFactor: number;
}

/** Each pair must have equal partition counts: a key's records meet on one partition number. */
export const CO_PARTITIONED: readonly (readonly [TopicId, TopicId])[] = [
  // The owner of input partition N restores contact-book partition N: with different counts a
  // portfolio's state would be on another worker's partition.
  ['input', 'contactBook'],
];

function driftOf(spec: TopicSpec, topic: ExistingTopic, wanted: TopicShape): string[] {
  const drift: string[] = [];
  if (topic.partitions !== wanted.partitions) {
    drift.push(`partitions ${topic.partitions} (asked: ${wanted.partitions})`);
  }
  if (topic.replicationFactor !== wanted.replicationFactor) {
    drift.push(
      `replication factor ${topic.replicationFactor} (asked: ${wanted.replicationFactor})`,
    );
  }
  for (const [name, value] of Object.entries(spec.configs)) {
    const actual = topic.configs[name];
    if (actual !== value) drift.push(`${name}=${actual ?? '(unset)'} (asked: ${value})`);
  }
  return drift;
}

export function planTopics(
  specs: readonly TopicSpec[],
  existing: ReadonlyMap<string, ExistingTopic>,
  wanted: TopicShape,
): TopicPlan {
  const plan: TopicPlan = { create: [], found: [] };
  for (const spec of specs) {
    const topic = existing.get(spec.name);
    if (topic === undefined) {
      plan.create.push({ name: spec.name, ...wanted, configs: spec.configs });
      continue;
    }
    plan.found.push({
      id: spec.id,
      name: spec.name,
      action: 'found',
      partitions: topic.partitions,
      replicationFactor: topic.replicationFactor,
      drift: driftOf(spec, topic, wanted),
    });
  }
  return plan;
}

/**
 * Refuses a plan that would leave co-partitioned topics with different partition counts
 * (existing ones keep theirs, new ones get the configured count), before anything is created.
 */
export function checkCoPartitioning(
  specs: readonly TopicSpec[],
  existing: ReadonlyMap<string, ExistingTopic>,
  partitions: number,
): void {
  const countOf = (id: TopicId) => {
    const spec = specs.find((s) => s.id === id);
    if (spec === undefined) return null;
    const topic = existing.get(spec.name);
    return { name: spec.name, count: topic?.partitions ?? partitions, exists: topic !== undefined };
  };
  for (const [a, b] of CO_PARTITIONED) {
    const left = countOf(a);
    const right = countOf(b);
    if (left === null || right === null || left.count === right.count) continue;
    const describe = (t: NonNullable<typeof left>) =>
      `${t.name} ${t.exists ? 'has' : 'would be created with'} ${t.count} partitions`;
    throw new WaiError(
      'WAI_CONFIG',
      `${describe(left)} but ${describe(right)}: they must be equal (co-partitioned, a key's ` +
        'commands and its contact-book state on the same partition number). Nothing was created; ' +
        'recreate one topic or set WAI_PARTITIONS to match the existing one.',
      { field: 'WAI_PARTITIONS' },
    );
  }
}
