// `npm run bench`'s command line: issue 11's sizes by default, small ones with --quick, an
// explicit option over both, and a bad value refused naming its option.
import { describe, expect, it } from '@jest/globals';
import { isOptionError, parseOptions } from '../../../bench/lib/options.js';

describe('bench options', () => {
  it("defaults to the issue's sizes", () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({
      quick: false,
      users: 100_000,
      numbers: 12,
      partitions: 6,
      workers: [1, 2, 3],
      systems: ['ours', 'naive', 'kstreams'],
      latencyPoints: [25, 50, 80],
      kills: 10,
      contacts: [1_000_000, 10_000_000],
    });
  });

  it('--quick makes every phase small, and an explicit option wins', () => {
    const o = parseOptions(['--quick', '--kills', '2']);
    expect(o).toMatchObject({ quick: true, workers: [1], latencyPoints: [50], kills: 2 });
    expect(o.deliveries).toBeLessThan(10_000);
    expect(o.contacts).toEqual([20_000]);
  });

  it('refuses a bad value naming the option', () => {
    const attempt = (argv: string[]) => {
      try {
        parseOptions(argv);
      } catch (err) {
        return err;
      }
      return null;
    };
    const notNumber = attempt(['--workers', '1,two']);
    expect(isOptionError(notNumber)).toBe(true);
    expect((notNumber as Error).message).toContain('--workers');
    const system = attempt(['--systems', 'ours,flink']);
    expect((system as Error).message).toMatch(/--systems: flink not one of/);
    expect(isOptionError(attempt(['--no-such-option']))).toBe(true);
    expect(isOptionError(attempt(['--kills', '-1']))).toBe(true);
  });
});
