import { describe, expect, it } from '@jest/globals';
import {
  diffAssignment,
  flattenAssignment,
} from '../../../../processors/adapters/kafka/assignment.js';

describe('group assignment', () => {
  it('flattens kafkajs member assignments in a stable order', () => {
    expect(flattenAssignment({ b: [1, 0], a: [2] })).toEqual([
      { topic: 'a', partition: 2 },
      { topic: 'b', partition: 0 },
      { topic: 'b', partition: 1 },
    ]);
  });

  it('keeps partitions that stay, opens new ones and closes revoked ones', () => {
    const assigned = flattenAssignment({ t: [1, 2, 3] });
    expect(diffAssignment(['t|0', 't|1'], assigned, false)).toEqual({
      added: [
        { topic: 't', partition: 2 },
        { topic: 't', partition: 3 },
      ],
      removed: ['t|0'],
    });
  });

  it('trusts nothing it held after rejoining as a new member', () => {
    const assigned = flattenAssignment({ t: [0, 1] });
    expect(diffAssignment(['t|0', 't|1'], assigned, true)).toEqual({
      added: assigned,
      removed: ['t|0', 't|1'],
    });
  });
});
