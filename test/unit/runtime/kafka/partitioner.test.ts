// partitionForKey answers what the producers' default (murmur2) partitioner does, for every
// partition count, also once its memory of keys has been cleared.
import { describe, expect, it } from '@jest/globals';
import { Partitioners } from 'kafkajs';
import { partitionForKey } from '../../../../processors/adapters/kafka/partitioner.js';

function producerPartition(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return Partitioners.DefaultPartitioner()({
    topic: 't',
    partitionMetadata,
    message: { key, value: null },
  });
}

describe('partitionForKey', () => {
  it('agrees with the default partitioner for 12,000 keys and several counts, twice', () => {
    const keys = Array.from({ length: 12_000 }, (_, i) => `portfolio-${i}`);
    const seen = new Set<number>();
    for (const partitions of [1, 6, 7]) {
      for (const round of [1, 2]) {
        for (const key of keys) {
          const p = partitionForKey(key, partitions);
          if (p !== producerPartition(key, partitions))
            throw new Error(`${key}/${partitions}/${round}`);
          if (partitions === 6) seen.add(p);
        }
      }
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
