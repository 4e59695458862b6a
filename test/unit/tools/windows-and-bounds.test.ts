// The tools' arguments: export windows (aligned, named, listed) and read bounds, each bad
// value named by its flag.
import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import {
  parsePeriod,
  windowAt,
  windowLabel,
  windowsBetween,
} from '../../../processors/applications/export/windows.js';
import { checkOrder, parseBound } from '../../../processors/applications/topics/bounds.js';
import { resolveTopic } from '../../../processors/applications/topics/topic-arg.js';
import { topicNames } from '../../../processors/adapters/kafka/topics.js';

const HOUR = 3_600_000;
const t = (iso: string): number => Date.parse(iso);

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof WaiError ? `${err.code} ${err.field ?? ''}` : 'not a WaiError';
  }
  return undefined;
}

describe('export windows', () => {
  it('parses periods of minutes, hours and days, and names a bad one', () => {
    expect([parsePeriod('--every', '30m'), parsePeriod('--every', '1h')]).toEqual([
      30 * 60_000,
      HOUR,
    ]);
    expect(parsePeriod('--every', '2d')).toBe(48 * HOUR);
    for (const bad of ['0h', '1w', 'h', '1.5h', ' 1h'])
      expect(fieldOf(() => parsePeriod('--every', bad))).toBe('WAI_CONFIG --every');
  });

  it('aligns windows to the period since the epoch (UTC), half-open', () => {
    expect(windowAt(t('2026-12-03T10:59:59.999Z'), HOUR)).toEqual({
      start: t('2026-12-03T10:00:00Z'),
      end: t('2026-12-03T11:00:00Z'),
    });
    expect(windowAt(t('2026-12-03T11:00:00Z'), HOUR).start).toBe(t('2026-12-03T11:00:00Z'));
  });

  it('lists the windows from the one holding --from to the last one closed', () => {
    const ws = windowsBetween(t('2026-12-03T10:30:00Z'), t('2026-12-03T13:10:00Z'), HOUR);
    expect(ws.map((w) => windowLabel(w, HOUR))).toEqual([
      '2026-12-03T10',
      '2026-12-03T11',
      '2026-12-03T12',
    ]);
    expect(windowsBetween(t('2026-12-03T10:30:00Z'), t('2026-12-03T10:59:00Z'), HOUR)).toEqual([]);
  });

  it('names windows as precisely as the period needs', () => {
    const w = windowAt(t('2026-12-03T10:15:00Z'), 15 * 60_000);
    expect(windowLabel(w, 15 * 60_000)).toBe('2026-12-03T10-15');
    expect(windowLabel(windowAt(w.start, 24 * HOUR), 24 * HOUR)).toBe('2026-12-03');
    expect(windowLabel(windowAt(w.start, 6 * HOUR), 6 * HOUR)).toBe('2026-12-03T06');
  });
});

describe('read bounds and topics', () => {
  it('reads times (ISO, epoch ms) and offsets', () => {
    expect(parseBound('--from', '2026-12-03T10:00:00Z')).toEqual({
      kind: 'time',
      ms: t('2026-12-03T10:00:00Z'),
    });
    expect(parseBound('--from', '1796300000000')).toEqual({ kind: 'time', ms: 1796300000000 });
    expect(parseBound('--to', 'offset:42')).toEqual({ kind: 'offset', offset: 42n });
    expect(fieldOf(() => parseBound('--to', 'offset:-1'))).toBe('WAI_CONFIG --to');
    expect(fieldOf(() => parseBound('--from', 'soon'))).toBe('WAI_CONFIG --from');
  });

  it('refuses a --to that is not after --from, when they can be compared', () => {
    const at = (iso: string) => parseBound('--from', iso);
    expect(fieldOf(() => checkOrder(at('2026-12-03'), at('2026-12-02')))).toBe('WAI_CONFIG --to');
    expect(
      fieldOf(() => checkOrder(parseBound('--from', 'offset:3'), parseBound('--to', 'offset:3'))),
    ).toBe('WAI_CONFIG --to');
    expect(() => checkOrder(at('2026-12-03'), parseBound('--to', 'offset:1'))).not.toThrow();
    expect(() => checkOrder(null, at('2026-12-03'))).not.toThrow();
  });

  it('accepts short and full topic names of the deployment only', () => {
    const topics = topicNames('acme.');
    expect(resolveTopic('export-log', topics)).toEqual({
      id: 'exportLog',
      name: 'acme.export-log',
    });
    expect(resolveTopic('acme.outbound.results', topics).id).toBe('outboundResults');
    expect(fieldOf(() => resolveTopic('whatsapp.dlq', topics))).toBe('WAI_CONFIG <topic>');
    expect(fieldOf(() => resolveTopic('constructor', topics))).toBe('WAI_CONFIG <topic>');
  });
});
