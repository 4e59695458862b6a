// The arithmetic behind `npm run bench`'s recovery and throughput numbers.
import { describe, expect, it } from '@jest/globals';
import { median, resumedAfter, steadyWindow } from '../../../bench/lib/measures.js';

describe('resumedAfter (a partition around a kill at t=10000)', () => {
  const pause = 3000;

  it('takes a partition that kept committing as not the victim’s', () => {
    const commits = [9000, 9500, 10100, 10600, 11200, 12000];
    expect(resumedAfter(commits, 10_000, 12_500, pause)).toBeUndefined();
  });

  it('ends the victim’s pause at the commit after it, not at its own last commit sampled late', () => {
    // 10073: the victim's last transaction, sampled just after the kill; then 15 s of nothing.
    const commits = [9800, 10073, 25_073, 25_300];
    expect(resumedAfter(commits, 10_000, 30_000, pause)).toBe(25_073);
  });

  it('reports a partition still paused as not resumed', () => {
    expect(resumedAfter([9900], 10_000, 30_000, pause)).toBeNull();
  });

  it('does not call a partition paused before the pause is longer than the threshold', () => {
    expect(resumedAfter([9900], 10_000, 12_000, pause)).toBeUndefined();
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([1, 5, 9])).toBe(5);
    expect(median([10, 20, 40, 100])).toBe(30);
    expect(median([])).toBeNaN();
  });
});

describe('steadyWindow', () => {
  it('leaves out the first share of events, including a burst made visible at once', () => {
    // 10 events: the first 5 visible together at t=1000 (one transaction), then one per 100 ms.
    const times = [1000, 1000, 1000, 1000, 1000, 1100, 1200, 1300, 1400, 1500];
    expect(steadyWindow(times, 0.5)).toEqual({ events: 4, seconds: 0.4 });
    expect(steadyWindow(times, 0)).toEqual({ events: 9, seconds: 0.5 });
  });

  it('has nothing to measure with fewer than two events', () => {
    expect(steadyWindow([5], 0.1)).toEqual({ events: 0, seconds: 0 });
  });
});
