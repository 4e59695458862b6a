// Event time does not depend on the machine: an offset-less ISO time is UTC whatever TZ says.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isoTimeToMs } from '../../../processors/domain/input/iso-time.js';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

describe('isoTimeToMs', () => {
  it('reads dates and date-times, an offset-less one as UTC', () => {
    expect(isoTimeToMs('2025-07-25T11:00:00')).toBe(Date.UTC(2025, 6, 25, 11));
    expect(isoTimeToMs('2025-07-25 11:00')).toBe(Date.UTC(2025, 6, 25, 11));
    expect(isoTimeToMs('2025-07-25')).toBe(Date.UTC(2025, 6, 25));
    expect(isoTimeToMs('2025-07-25T11:00:00.123456Z')).toBe(Date.UTC(2025, 6, 25, 11, 0, 0, 123));
    expect(isoTimeToMs('2025-07-25T11:00:00+02:00')).toBe(Date.UTC(2025, 6, 25, 9));
    expect(isoTimeToMs('2025-07-25T11:00:00-0530')).toBe(Date.UTC(2025, 6, 25, 16, 30));
  });

  it('refuses what is not an ISO time, or a field out of range', () => {
    for (const bad of [
      'July 25, 2025 11:00',
      '1753441200',
      '2025-13-01',
      '2025-04-31',
      '2025-07-25T25:00',
      '',
      '2025-07-25T11:00:00+24:00',
    ])
      expect(isoTimeToMs(bad)).toBeNull();
  });
});

describe('an 8x8 delivery whose timestamp has no offset', () => {
  const fixture = JSON.parse(
    readFileSync(
      path.join(ROOT, 'test/fixtures/normalize/44-8x8-cabm-json-text-envelope-time.input.json'),
      'utf8',
    ),
  ) as { delivery: Record<string, unknown> };
  const line = JSON.stringify({ ...fixture.delivery, timestamp: '2025-07-25T11:00:00' });

  const occurredAt = (tz: string): unknown => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(ROOT, 'test/integration/runner/register-ts.mts'),
        path.join(ROOT, 'test/integration/pipeline/cli-entry.ts'),
        'normalize',
        '--stateless',
      ],
      { input: `${line}\n`, encoding: 'utf8', env: { ...process.env, TZ: tz } },
    );
    expect(r.status).toBe(0);
    const [first] = r.stdout.trim().split('\n');
    return (JSON.parse(first ?? '{}') as { value?: { occurredAt?: unknown } }).value?.occurredAt;
  };

  it('gets the same event time under any TZ: the time read as UTC', () => {
    const expected = Date.UTC(2025, 6, 25, 11);
    for (const tz of ['UTC', 'America/New_York', 'Asia/Tokyo'])
      expect(occurredAt(tz)).toBe(expected);
  });
});
