import { describe, expect, it } from '@jest/globals';
import {
  errorMessage,
  formatTime,
  layoutLineage,
  phoneDisplay,
  windowFraction,
} from '../../../processors/applications/lookup/explorer/static/lineage.js';

describe('explorer pure helpers', () => {
  it('lays out one node per identifier and one edge per change', () => {
    const g = layoutLineage(
      [
        {
          kind: 'BSUID_ROTATION',
          from: 'US.111',
          to: 'US.222',
          eventId: 'wamid.1',
          at: '2026-04-02T10:00:00.000Z',
        },
      ],
      'US.222',
    );
    expect(g.nodes.map((n) => [n.id, n.current])).toEqual([
      ['US.111', false],
      ['US.222', true],
    ]);
    expect(g.edges).toEqual([
      { from: 0, to: 1, label: 'BSUID rotated · 2026-04-02 10:00 UTC', eventId: 'wamid.1' },
    ]);
  });
  it('formats unknown times and keeps masked phones masked', () => {
    expect(formatTime(null)).toBe('unknown');
    expect(formatTime('nope')).toBe('unknown');
    expect(phoneDisplay('+1555•••4567', false)).toEqual({ text: '+1555•••4567', note: 'masked' });
    expect(phoneDisplay(null, false).text).toBe('not known');
  });
  it('sizes window bars and explains errors', () => {
    const now = Date.parse('2026-04-01T00:00:00Z');
    expect(windowFraction('2026-04-16T00:00:00Z', now)).toBeCloseTo(0.5);
    expect(windowFraction('2026-03-01T00:00:00Z', now)).toBe(0);
    expect(errorMessage(403, { error: { code: 'FORBIDDEN', message: 'scope' } })).toBe(
      'This token may not read this portfolio. scope',
    );
    expect(errorMessage(500, null)).toBe('Lookup failed (HTTP 500).');
  });
});
