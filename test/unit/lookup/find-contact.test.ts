import { describe, expect, it } from '@jest/globals';
import { findContact, lookupEvidence } from '../../../processors/domain/lookup/find-contact.js';
import { parseLookupId, type LookupId } from '../../../processors/domain/lookup/lookup-id.js';
import {
  BSUID,
  bsuidKey,
  event,
  hashPhone,
  NEW_BSUID,
  newResolver,
  PHONE,
  PORTFOLIO,
  t,
} from '../resolve/fixtures.js';

const id = (raw: string): LookupId => {
  const parsed = parseLookupId(raw);
  if (parsed === null) throw new Error(`bad id ${raw}`);
  return parsed;
};

function rotatedCustomer() {
  const resolver = newResolver();
  resolver.process({
    event: event({
      occurredAt: t('2026-04-10T08:00:00'),
      phone: PHONE,
      bsuid: BSUID,
      userHandle: 'Sheena.N',
    }),
  });
  resolver.process({
    event: event({
      occurredAt: t('2026-07-10T08:00:00'),
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_user_id',
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
    }),
  });
  resolver.state.commit();
  return resolver.state;
}

describe('findContact', () => {
  it('finds the current entry by its BSUID, an old BSUID, the phone and the username', () => {
    const state = rotatedCustomer();
    for (const raw of [NEW_BSUID, BSUID, `+${PHONE}`, PHONE, '@sheena.n']) {
      expect({ raw, key: findContact(state, PORTFOLIO, id(raw), hashPhone)?.userKey }).toEqual({
        raw,
        key: NEW_BSUID,
      });
    }
  });

  it('answers null for an unknown id or another portfolio', () => {
    const state = rotatedCustomer();
    expect(findContact(state, PORTFOLIO, id('US.99999999999999999999'), hashPhone)).toBeNull();
    expect(findContact(state, PORTFOLIO, id('@nobody'), hashPhone)).toBeNull();
    expect(findContact(state, 'other', id(NEW_BSUID), hashPhone)).toBeNull();
  });

  it('gives the lineage with ISO times and the phone provenance', () => {
    const entry = findContact(rotatedCustomer(), PORTFOLIO, id(NEW_BSUID), hashPhone);
    expect(entry?.userKey).toBe(bsuidKey(NEW_BSUID).split('|')[1]);
    const evidence = lookupEvidence(entry ?? (undefined as never));
    expect(evidence.lineage.map((s) => [s.kind, s.from, s.to, s.at])).toEqual([
      ['PHONE_LINKED', null, PHONE, '2026-04-10T08:00:00.000Z'],
      ['BSUID_ROTATION', BSUID, NEW_BSUID, '2026-07-10T08:00:00.000Z'],
    ]);
    expect(evidence.phoneProvenance).toMatchObject({
      source: 'WEBHOOK',
      at: '2026-04-10T08:00:00.000Z',
    });
  });

  it('says UNKNOWN for a phone restored without provenance', () => {
    const entry = findContact(rotatedCustomer(), PORTFOLIO, id(NEW_BSUID), hashPhone);
    if (entry === null) throw new Error('not found');
    expect(lookupEvidence({ ...entry, phoneEvidence: null }).phoneProvenance).toEqual({
      source: 'UNKNOWN',
      eventId: null,
      at: null,
    });
  });
});
