// Unit rules of data masking: the four reasons a phone may be shown, their order, and the
// closed 30-day window. Each test fails if its rule is removed.
import { describe, expect, it } from '@jest/globals';
import { newEntry, type ContactEntry } from '../../../processors/domain/identity/entry.js';
import {
  disclosePhone,
  identityFields,
  withinWindow,
} from '../../../processors/domain/identity/masking.js';
import { defaultSettings } from '../../../processors/domain/identity/portfolio.js';
import { BPN, BSUID, DAY, OTHER_BPN, PHONE, PORTFOLIO } from './fixtures.js';

const WINDOW = 30 * DAY;
const now = Date.UTC(2026, 6, 1);
const enabled = defaultSettings(PORTFOLIO);
const disabled = { ...enabled, contactBookEnabled: false };
const ctx = { webhookPhone: null, businessPhoneNumberId: BPN, at: now };

function entry(fields: Partial<ContactEntry>): ContactEntry {
  return { ...newEntry(PORTFOLIO, BSUID, 0), bsuid: BSUID, phone: PHONE, ...fields };
}

describe('disclosePhone', () => {
  it('shows the webhook’s own phone first, whatever the state says', () => {
    const known = entry({ inContactBook: true, contactBookVia: 'INTERACTION' });
    expect(
      disclosePhone(known, enabled, { ...ctx, webhookPhone: '4915112345678' }, WINDOW),
    ).toEqual({
      phone: '4915112345678',
      phoneSource: 'WEBHOOK',
    });
  });

  it('shows a contact-book phone, as USER_SHARED when the user shared it', () => {
    const auto = entry({ inContactBook: true, contactBookVia: 'INTERACTION' });
    expect(disclosePhone(auto, enabled, ctx, WINDOW)).toEqual({
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
    });
    const shared = entry({ inContactBook: true, contactBookVia: 'USER_SHARED' });
    expect(disclosePhone(shared, enabled, ctx, WINDOW)).toEqual({
      phone: PHONE,
      phoneSource: 'USER_SHARED',
    });
  });

  it('prefers the contact book to a recent exchange (it outlives the window)', () => {
    const both = entry({
      inContactBook: true,
      contactBookVia: 'INTERACTION',
      lastInteractionAt: { [BPN]: now },
    });
    expect(disclosePhone(both, enabled, ctx, WINDOW).phoneSource).toBe('CONTACT_BOOK');
  });

  it('never shows a contact-book phone while the portfolio’s contact book is disabled', () => {
    const known = entry({ inContactBook: true, contactBookVia: 'INTERACTION' });
    expect(disclosePhone(known, disabled, ctx, WINDOW)).toEqual({
      phone: null,
      phoneSource: 'NONE',
    });
  });

  it('shows a phone exchanged with this business number within the window', () => {
    const recent = entry({ lastInteractionAt: { [BPN]: now - DAY } });
    expect(disclosePhone(recent, disabled, ctx, WINDOW)).toEqual({
      phone: PHONE,
      phoneSource: 'RECENT_INTERACTION',
    });
    expect(
      disclosePhone(recent, enabled, { ...ctx, businessPhoneNumberId: OTHER_BPN }, WINDOW).phone,
    ).toBeNull();
    expect(
      disclosePhone(recent, enabled, { ...ctx, businessPhoneNumberId: null }, WINDOW).phone,
    ).toBeNull();
  });

  it('withholds a phone the state knows without any of the reasons', () => {
    expect(disclosePhone(entry({}), enabled, ctx, WINDOW)).toEqual({
      phone: null,
      phoneSource: 'NONE',
    });
    expect(disclosePhone(undefined, enabled, ctx, WINDOW)).toEqual({
      phone: null,
      phoneSource: 'NONE',
    });
  });

  it('withholds the phone of a superseded entry (its history lives elsewhere)', () => {
    const old = entry({
      inContactBook: true,
      contactBookVia: 'INTERACTION',
      supersededBy: `${PORTFOLIO}|US.2`,
    });
    expect(disclosePhone(old, enabled, ctx, WINDOW).phone).toBeNull();
  });
});

describe('withinWindow (closed: exactly 30×24h before counts)', () => {
  it.each([
    [0, true],
    [29 * DAY + 23 * 60 * 60 * 1000, true],
    [30 * DAY, true],
    [30 * DAY + 1, false],
    [-1, false],
  ])('an exchange %i ms before the event counts: %s', (age, expected) => {
    expect(withinWindow(now - age, now, WINDOW)).toBe(expected);
  });
});

describe('identityFields (priority rule)', () => {
  it('puts the phone first, the BSUID second, and says which', () => {
    expect(identityFields(PHONE, BSUID)).toEqual({
      waid: PHONE,
      waidSource: 'PHONE',
      sessionKey: PHONE,
    });
    expect(identityFields(null, BSUID)).toEqual({
      waid: BSUID,
      waidSource: 'BSUID',
      sessionKey: BSUID,
    });
    expect(identityFields(null, null)).toEqual({
      waid: null,
      waidSource: 'NONE',
      sessionKey: null,
    });
  });
});
