import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defaultEventKey } from '../../../processors/domain/events/event-key.js';
import {
  bsuidOfUserKey,
  contactKey,
  phoneKey,
  samePhone,
  splitKey,
} from '../../../processors/domain/identity/keys.js';
import { BSUID, event, hashPhone, PARENT, PHONE, PORTFOLIO, t } from './fixtures.js';

describe('keys', () => {
  it('never carries a phone in clear', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9]{5,15}$/), (phone) => {
        const key = phoneKey(PORTFOLIO, hashPhone, phone);
        expect(key).not.toContain(phone.replace('+', ''));
        expect(key.startsWith(`${PORTFOLIO}|phone:`)).toBe(true);
      }),
    );
  });

  it('agrees with the split stage’s key function, so no record needs re-keying', () => {
    const split = defaultEventKey(hashPhone);
    const at = t('2026-07-01T00:00:00');
    expect(split(event({ occurredAt: at, phone: PHONE }))).toBe(
      phoneKey(PORTFOLIO, hashPhone, PHONE),
    );
    expect(split(event({ occurredAt: at, phone: PHONE, bsuid: BSUID }))).toBe(
      contactKey(PORTFOLIO, BSUID),
    );
  });

  it('splits a key at its last separator and knows which keys stand for a BSUID', () => {
    expect(splitKey(contactKey('acme', BSUID))).toEqual({ portfolioId: 'acme', userKey: BSUID });
    expect(bsuidOfUserKey(BSUID)).toBe(BSUID);
    expect(bsuidOfUserKey(splitKey(phoneKey('acme', hashPhone, PHONE)).userKey)).toBeNull();
    expect(bsuidOfUserKey(PARENT)).toBeNull();
  });

  it('compares phones up to the leading +', () => {
    expect(samePhone('+16505551234', '16505551234')).toBe(true);
    expect(samePhone('16505551234', '16505551235')).toBe(false);
    expect(samePhone(null, null)).toBe(false);
  });
});
