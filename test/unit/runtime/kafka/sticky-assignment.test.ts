// The group's assignment moves as little as it can: balanced shares, members keep what they
// own, and a partition without an owner goes home to the instance that owned it last.
import { describe, expect, it } from '@jest/globals';
import {
  stickyAssign,
  type MemberClaim,
} from '../../../../processors/adapters/kafka/sticky-assignment.js';
import type { TopicPartition } from '../../../../processors/adapters/kafka/index.js';

const T = 'in';
const tps = (...ps: number[]): TopicPartition[] => ps.map((partition) => ({ topic: T, partition }));
const ALL = tps(0, 1, 2, 3, 4, 5);
const member = (memberId: string, owned: number[] = [], instance = memberId): MemberClaim => ({
  memberId,
  instance,
  owned: tps(...owned),
});
const parts = (m: Map<string, TopicPartition[]>, id: string) =>
  (m.get(id) ?? []).map((tp) => tp.partition).sort((a, b) => a - b);

describe('stickyAssign', () => {
  it('balances a new group: every partition once, shares differ by at most one', () => {
    const out = stickyAssign([member('a'), member('b'), member('c'), member('d')], ALL, new Map());
    const counts = ['a', 'b', 'c', 'd'].map((id) => parts(out, id).length);
    expect(counts.sort()).toEqual([1, 1, 2, 2]);
    expect(['a', 'b', 'c', 'd'].flatMap((id) => parts(out, id)).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lets the survivors keep what they own and spreads a dead member’s partitions', () => {
    // c (owning 4, 5) died: a and b keep theirs and take one each.
    const out = stickyAssign([member('a', [0, 1]), member('b', [2, 3])], ALL, new Map());
    expect(parts(out, 'a')).toEqual(expect.arrayContaining([0, 1]));
    expect(parts(out, 'b')).toEqual(expect.arrayContaining([2, 3]));
    expect([...parts(out, 'a'), ...parts(out, 'b')].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('gives a restarted worker its own partitions back, moving nothing else', () => {
    const held = new Map<string, ReadonlySet<string>>();
    const before = stickyAssign([member('a1', [], 'A'), member('b1', [], 'B')], ALL, held);
    const aHad = parts(before, 'a1');
    // A dies; B takes everything; A restarts as a new member with the same instance id.
    stickyAssign([member('b1', parts(before, 'b1'), 'B')], ALL, held);
    const after = stickyAssign(
      [member('b1', [0, 1, 2, 3, 4, 5], 'B'), member('a2', [], 'A')],
      ALL,
      held,
    );
    expect(parts(after, 'a2')).toEqual(aHad);
    expect(parts(after, 'b1')).toEqual(parts(before, 'b1'));
  });

  it('resolves a partition claimed twice and ignores partitions that no longer exist', () => {
    const out = stickyAssign(
      [member('a', [0, 1, 9]), member('b', [1, 2])],
      tps(0, 1, 2, 3),
      new Map(),
    );
    const all = [...parts(out, 'a'), ...parts(out, 'b')].sort();
    expect(all).toEqual([0, 1, 2, 3]);
    expect(parts(out, 'a')).toEqual([0, 1]);
    expect(parts(out, 'b')).toEqual([2, 3]);
  });

  it('is deterministic for the same claims', () => {
    const members = [member('x', [5]), member('y'), member('z', [0, 1, 2])];
    const a = stickyAssign(members, ALL, new Map());
    const b = stickyAssign([...members].reverse(), ALL, new Map());
    expect([...a].sort()).toEqual([...b].sort());
  });
});
