import { describe, expect, it } from '@jest/globals';
import { newEntry } from '../../../processors/domain/identity/entry.js';
import type { ContactEntry } from '../../../processors/domain/identity/entry.js';
import {
  buildLookupResponse,
  maskPhone,
} from '../../../processors/domain/lookup/lookup-response.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-04-02T10:00:00.000Z');
const entry: ContactEntry = {
  ...newEntry('acme', 'US.222', T0),
  bsuid: 'US.222',
  phone: '15551234567',
  username: '@alice',
  inContactBook: true,
  contactBookSince: T0,
  contactBookVia: 'INTERACTION',
  lastInteractionAt: { '1234': T0, '9999': T0 - 40 * DAY },
  previousBsuids: ['US.111'],
  recentEventIds: ['wamid.A'],
};
const evidence = {
  lineage: [
    { kind: 'BSUID_ROTATION' as const, from: 'US.111', to: 'US.222', eventId: 'wamid.R', at: null },
  ],
  phoneProvenance: { source: 'WEBHOOK' as const, eventId: 'wamid.A', at: null },
};
const ctx = { revealPhones: false, windowMs: 30 * DAY, now: T0 + DAY, servedBy: 'w1' };

describe('buildLookupResponse', () => {
  it('masks the phone without a phones grant and reveals it with one', () => {
    const masked = buildLookupResponse(entry, evidence, ctx);
    expect(masked.phone).toBe('+1555•••4567');
    expect(masked.phoneRevealed).toBe(false);
    expect(JSON.stringify(masked)).not.toContain('15551234567');
    const shown = buildLookupResponse(entry, evidence, { ...ctx, revealPhones: true });
    expect(shown).toMatchObject({ phone: '+15551234567', phoneRevealed: true });
  });

  it('builds the contract fields, with open and closed interaction windows', () => {
    const body = buildLookupResponse(entry, evidence, ctx);
    expect(body).toMatchObject({
      portfolioId: 'acme',
      key: 'acme|US.222',
      contactId: entry.contactId,
      parentBsuid: null,
      profileName: null,
      contactBook: { inContactBook: true, since: '2026-04-02T10:00:00.000Z', via: 'INTERACTION' },
      lineage: evidence.lineage,
      recentEvents: [{ eventId: 'wamid.A', kind: null, at: null }],
      servedBy: 'w1',
    });
    expect(body.interactionWindows.map((w) => [w.businessPhoneNumberId, w.open])).toEqual([
      ['1234', true],
      ['9999', false],
    ]);
    expect(body.interactionWindows[0]?.openUntil).toBe(new Date(T0 + 30 * DAY).toISOString());
  });

  it('gives null phone and provenance for a user known only by BSUID', () => {
    const body = buildLookupResponse({ ...entry, phone: null }, evidence, ctx);
    expect(body).toMatchObject({ phone: null, phoneRevealed: false, phoneProvenance: null });
  });

  it('hides at least three digits of a short number', () => {
    expect(maskPhone('+12345678')).toBe('+12•••78');
  });
});

describe('lineage phones', () => {
  const phoneStep = {
    kind: 'PHONE_CHANGE' as const,
    from: '15551234567',
    to: '15559876543',
    eventId: 'wamid.C',
    at: null,
  };
  it('are masked without a phones grant and shown with one', () => {
    const withStep = { ...evidence, lineage: [...evidence.lineage, phoneStep] };
    const masked = buildLookupResponse(entry, withStep, ctx);
    expect(masked.lineage[1]).toMatchObject({ from: '+1555•••4567', to: '+1555•••6543' });
    expect(JSON.stringify(masked)).not.toContain('15559876543');
    const shown = buildLookupResponse(entry, withStep, { ...ctx, revealPhones: true });
    expect(shown.lineage[1]).toMatchObject({ from: '+15551234567', to: '+15559876543' });
  });
});

describe("Meta's rule for showing a phone", () => {
  const outside = { ...entry, inContactBook: false, contactBookSince: null, contactBookVia: null };
  it('shows no phone, to any token, outside the contact book and every 30-day window', () => {
    const later = { ...ctx, now: T0 + 31 * DAY, revealPhones: true };
    const body = buildLookupResponse(outside, evidence, later);
    expect(body).toMatchObject({ phone: null, phoneRevealed: false, phoneProvenance: null });
    expect(JSON.stringify(body)).not.toContain('4567');
  });

  it('shows it within a window of any business number, even out of the contact book', () => {
    const body = buildLookupResponse(outside, evidence, { ...ctx, revealPhones: true });
    expect(body).toMatchObject({ phone: '+15551234567', phoneRevealed: true });
  });
});
