// The replay's pure parts: the plan table (per partition, totals of the counted columns), the
// copy of one record (same partition, key, value, headers, timestamp; warm-up marked), and
// the arguments (each mistake named).
import { describe, expect, it } from '@jest/globals';
import { parseReplayArgs } from '../../../processors/applications/cli/commands/replay.js';
import { copyRecord } from '../../../processors/applications/replay/copy.js';
import {
  formatPlan,
  inPlaceRows,
  sideBySideRows,
} from '../../../processors/applications/replay/plan.js';
import { REPLAY_HEADER, isWarmup } from '../../../processors/applications/replay/warmup.js';

const plan = [
  { partition: 0, low: 0n, high: 10n, from: 4n, committed: 10n },
  { partition: 1, low: 2n, high: 7n, from: 7n, committed: null },
];

describe('replay plan', () => {
  it('in place: where each partition goes back to and what is reprocessed', () => {
    expect(formatPlan(inPlaceRows(plan)).split('\n')).toEqual([
      'partition  committed  reset to  records to reprocess',
      '        0         10         4                     6',
      '        1          —         7                     0',
      '    total                                          6',
      '',
    ]);
  });

  it('side by side: warm-up and replayed records per partition', () => {
    const lines = formatPlan(sideBySideRows(plan)).split('\n');
    expect(lines[0]).toBe('partition  log start  --from at  end  warm-up (≈)  replayed (≈)');
    expect(lines[3]).toBe('    total                                       9             6');
  });
});

describe('replay copy', () => {
  const record = {
    topic: 'a.input',
    partition: 3,
    offset: '17',
    key: Buffer.from('acme'),
    value: Buffer.from('{"x":1}'),
    headers: { 'wai.received-at': Buffer.from('1') },
    timestamp: 1_790_000_000_000,
  };

  it('keeps partition, key, value, headers and time; marks warm-up records only', () => {
    const replayed = copyRecord(record, 'b.input', false);
    expect(replayed).toEqual({
      topic: 'b.input',
      partition: 3,
      key: record.key,
      value: record.value,
      timestamp: record.timestamp,
      headers: record.headers,
    });
    const warm = copyRecord(record, 'b.input', true);
    expect(warm.headers).toEqual({ ...record.headers, [REPLAY_HEADER]: 'warmup' });
    // As the worker reads it back.
    expect(isWarmup({ ...record.headers, [REPLAY_HEADER]: Buffer.from('warmup') })).toBe(true);
    expect(isWarmup({ [REPLAY_HEADER]: Buffer.from('other') })).toBe(false);
    expect(isWarmup(record.headers)).toBe(false);
  });
});

describe('replay arguments', () => {
  it('reads both modes', () => {
    expect(parseReplayArgs(['--from', '1000', '--into', 'r.', '--into-app-id', 'r'])).toEqual({
      fromMs: 1000,
      toMs: null,
      target: { prefix: 'r.', appId: 'r' },
      dryRun: false,
      yes: false,
    });
    expect(parseReplayArgs(['--from', '1970-01-01T00:00:01Z', '--in-place', '--yes'])).toEqual(
      expect.objectContaining({ fromMs: 1000, target: null, yes: true }),
    );
  });

  it('names the argument of every mistake', () => {
    const field = (args: string[]): unknown => {
      try {
        parseReplayArgs(args);
      } catch (err) {
        return (err as { field?: unknown }).field;
      }
      return null;
    };
    expect(field(['--into', 'r.'])).toBe('--from');
    expect(field(['--from', '5', '--to', '5', '--into', 'r.', '--into-app-id', 'r'])).toBe('--to');
    expect(field(['--from', '5'])).toBe('--into');
    expect(field(['--from', '5', '--into', 'r.'])).toBe('--into-app-id');
    expect(field(['--from', '5', '--in-place', '--into', 'r.'])).toBe('--in-place');
    expect(field(['--from', '5', '--in-place', '--to', '9'])).toBe('--to');
    expect(field(['--from', '5', '--bogus'])).toBe('--bogus');
  });
});
