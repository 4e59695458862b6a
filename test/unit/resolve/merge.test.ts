// Merging history into the surviving entry: lineage is never lost, windows follow the
// phone, contact-book status is inherited, and merging twice changes nothing.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileResolverConfig } from '../../../processors/domain/identity/config.js';
import { newEntry, type ContactEntry } from '../../../processors/domain/identity/entry.js';
import { mergeInto } from '../../../processors/domain/identity/merge.js';
import { defaultSettings } from '../../../processors/domain/identity/portfolio.js';
import {
  BPN,
  BSUID,
  hashPhone,
  NEW_BSUID,
  NEW_PHONE,
  OTHER_BPN,
  PHONE,
  PORTFOLIO,
} from './fixtures.js';

const config = compileResolverConfig({ hashPhone, portfolioOf: () => null, dedupMemorySize: 4 });
const settings = defaultSettings(PORTFOLIO);
const base = (userKey: string, fields: Partial<ContactEntry>): ContactEntry => ({
  ...newEntry(PORTFOLIO, userKey, 1000),
  ...fields,
});

const old = base(BSUID, {
  bsuid: BSUID,
  phone: PHONE,
  username: 'sheena.n',
  inContactBook: true,
  contactBookSince: 500,
  contactBookVia: 'USER_SHARED',
  lastInteractionAt: { [BPN]: 900 },
  firstSeenAt: 100,
  lastSeenAt: 900,
  previousBsuids: ['US.0'],
  recentEventIds: ['a', 'b'],
});

describe('mergeInto', () => {
  it('inherits everything on a rotation (same phone)', () => {
    const survivor = base(NEW_BSUID, {
      bsuid: NEW_BSUID,
      lastInteractionAt: { [OTHER_BPN]: 950 },
      recentEventIds: ['c'],
    });
    expect(mergeInto(survivor, old, settings, config)).toMatchObject({
      bsuid: NEW_BSUID,
      phone: PHONE,
      username: 'sheena.n',
      inContactBook: true,
      contactBookSince: 500,
      contactBookVia: 'USER_SHARED',
      lastInteractionAt: { [BPN]: 900, [OTHER_BPN]: 950 },
      firstSeenAt: 100,
      lastSeenAt: 1000,
      previousBsuids: ['US.0', BSUID],
      recentEventIds: ['a', 'b', 'c'],
    });
  });

  it('keeps the new phone on a phone change, drops the old windows, inherits the contact book', () => {
    const survivor = base(NEW_BSUID, { bsuid: NEW_BSUID, phone: NEW_PHONE });
    expect(mergeInto(survivor, old, settings, config)).toMatchObject({
      phone: NEW_PHONE,
      previousPhones: [PHONE],
      lastInteractionAt: {},
      inContactBook: true,
      contactBookVia: 'INTERACTION',
    });
  });

  it('inherits no contact-book status into a disabled portfolio', () => {
    const survivor = base(NEW_BSUID, { bsuid: NEW_BSUID });
    const off = { ...settings, contactBookEnabled: false };
    expect(mergeInto(survivor, old, off, config).inContactBook).toBe(false);
  });

  it('is idempotent and keeps the id memory bounded', () => {
    const ids = fc.array(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 8 });
    fc.assert(
      fc.property(ids, ids, (a, b) => {
        const survivor = base(NEW_BSUID, {
          bsuid: NEW_BSUID,
          recentEventIds: [...new Set(a)].slice(-4),
        });
        const source = { ...old, recentEventIds: [...new Set(b)].slice(-4) };
        const once = mergeInto(survivor, source, settings, config);
        expect(mergeInto(once, source, settings, config)).toEqual(once);
        expect(once.recentEventIds.length).toBeLessThanOrEqual(4);
        expect(once.previousBsuids).not.toContain(NEW_BSUID);
      }),
    );
  });
});
