import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from '../../../../processors/adapters/kafka/backoff.js';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 5000 };

  it('doubles from the initial delay up to the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 60].map((n) => backoffDelay(n, options, mid))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000,
    ]);
  });

  it('spreads retries by ±20 % but never past the cap', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(80);
    expect(backoffDelay(1, options, () => 1)).toBe(120);
    expect(backoffDelay(10, options, () => 1)).toBe(5000);
  });
});
