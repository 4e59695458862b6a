// The partition a key lands on: the same murmur2 (Java-compatible) hash the producers use,
// so a stage can tell whether another key belongs to a partition it owns.
import { Partitioners } from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';

const partitioner = Partitioners.DefaultPartitioner();
const metadata = new Map<number, PartitionMetadata[]>();
/** Keys seen, per partition count: the worker asks once per input record, keys are few. */
const known = new Map<number, Map<string, number>>();
const KNOWN_MAX = 10_000;

export function partitionForKey(key: string, partitions: number): number {
  let byKey = known.get(partitions);
  if (byKey === undefined) {
    byKey = new Map();
    known.set(partitions, byKey);
  }
  const cached = byKey.get(key);
  if (cached !== undefined) return cached;
  const partition = computePartition(key, partitions);
  if (byKey.size >= KNOWN_MAX) byKey.clear();
  byKey.set(key, partition);
  return partition;
}

function computePartition(key: string, partitions: number): number {
  let partitionMetadata = metadata.get(partitions);
  if (partitionMetadata === undefined) {
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    }));
    metadata.set(partitions, partitionMetadata);
  }
  return partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}
