// waitUntilCaughtUp against a fake admin whose offsets change from one look to the next.
import { describe, expect, it } from '@jest/globals';
import type { WaiError } from '../../../../processors/domain/errors.js';
import type { KafkaAdmin, PartitionOffsets } from '../../../../processors/adapters/kafka/index.js';
import {
  waitUntilCaughtUp,
  type GroupInputs,
} from '../../../../processors/applications/demo/quiescence.js';

/** What the cluster shows on one look: per topic its partitions, per group its commits. */
interface Look {
  ends: Record<string, PartitionOffsets[]>;
  committed: Record<string, Record<string, Record<number, string>>>;
}

/**
 * An admin answering from `looks`, one per look of waitUntilCaughtUp (a look starts when the
 * first topic's end offsets are asked for again); the last look repeats.
 */
function fakeAdmin(looks: Look[], firstTopic: string): KafkaAdmin & { looks: () => number } {
  let current = -1;
  const look = (): Look => {
    const l = looks[Math.min(current, looks.length - 1)];
    if (l === undefined) throw new Error('no look scripted');
    return l;
  };
  const unused = () => Promise.reject(new Error('not used by waitUntilCaughtUp'));
  return {
    looks: () => current + 1,
    partitionOffsets(topic) {
      if (topic === firstTopic) current += 1;
      return Promise.resolve(look().ends[topic] ?? []);
    },
    committedOffsets(groupId, topic, partitions) {
      const commits = look().committed[groupId]?.[topic] ?? {};
      return Promise.resolve(new Map(partitions.map((p) => [p, commits[p] ?? null])));
    },
    describeTopics: unused,
    createTopics: unused,
    deleteTopics: unused,
    deleteGroups: unused,
    setGroupOffsets: unused,
    groupMembers: unused,
    groupAssignment: unused,
    brokerCount: unused,
    disconnect: unused,
  };
}

const split: GroupInputs = { groupId: 'split', topics: ['raw'] };
const resolve: GroupInputs = { groupId: 'resolve', topics: ['events'] };

function end(partition: number, low: number, high: number): PartitionOffsets {
  return { partition, low: String(low), high: String(high) };
}

/** Both groups committed up to `upTo` on one partition each. */
function settled(upTo: number): Look {
  return {
    ends: { raw: [end(0, 0, upTo)], events: [end(0, 0, upTo)] },
    committed: { split: { raw: { 0: String(upTo) } }, resolve: { events: { 0: String(upTo) } } },
  };
}

async function rejection(p: Promise<unknown>): Promise<WaiError> {
  try {
    await p;
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected a rejection');
}

describe('waitUntilCaughtUp', () => {
  it('returns only after two consecutive looks find every group caught up', async () => {
    // Caught up, then resolve's own commands arrive, then caught up twice.
    const moved = settled(5);
    moved.ends['events'] = [end(0, 0, 7)];
    const admin = fakeAdmin([settled(5), moved, settled(7), settled(7)], 'raw');
    await waitUntilCaughtUp(admin, [split, resolve], 5_000, 1);
    expect(admin.looks()).toBe(4);
  });

  it('is not caught up while a committed offset is behind the end', async () => {
    const behind = settled(5);
    behind.committed['split'] = { raw: { 0: '4' } };
    const admin = fakeAdmin([behind, behind, settled(5)], 'raw');
    await waitUntilCaughtUp(admin, [split, resolve], 5_000, 1);
    expect(admin.looks()).toBe(4);
  });

  it('does not take a group without a committed offset on a non-empty partition as caught up', async () => {
    const uncommitted: Look = { ends: { raw: [end(0, 3, 9)] }, committed: {} };
    const admin = fakeAdmin([uncommitted], 'raw');
    const err = await rejection(waitUntilCaughtUp(admin, [split], 50, 1));
    expect(err.code).toBe('WAI_TIMEOUT');
  });

  it('skips empty partitions, whose group has nothing to commit', async () => {
    const look: Look = {
      ends: { raw: [end(0, 0, 4), end(1, 0, 0), end(2, 12, 12)] },
      committed: { split: { raw: { 0: '4' } } },
    };
    const admin = fakeAdmin([look], 'raw');
    await waitUntilCaughtUp(admin, [split], 5_000, 1);
    expect(admin.looks()).toBe(2);
  });

  it('looks at every input topic of a group', async () => {
    const both: GroupInputs = { groupId: 'split', topics: ['raw', 'retries'] };
    const look: Look = {
      ends: { raw: [end(0, 0, 2)], retries: [end(0, 0, 3)] },
      committed: { split: { raw: { 0: '2' }, retries: { 0: '1' } } },
    };
    const err = await rejection(waitUntilCaughtUp(fakeAdmin([look], 'raw'), [both], 50, 1));
    expect(err.code).toBe('WAI_TIMEOUT');
  });

  it('gives up with WAI_TIMEOUT naming the deadline', async () => {
    const behind = settled(5);
    behind.committed['resolve'] = { events: { 0: '2' } };
    const err = await rejection(
      waitUntilCaughtUp(fakeAdmin([behind], 'raw'), [split, resolve], 40, 5),
    );
    expect(err).toMatchObject({
      code: 'WAI_TIMEOUT',
      retriable: false,
      message: 'the pipeline did not catch up with its input within 40 ms',
    });
  });
});
