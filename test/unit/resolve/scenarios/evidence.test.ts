// Every entry keeps how it came to know what it knows (the lookup API's lineage and phone
// provenance): each identity step with the event that showed it, and the source and event of
// the phone it holds now. History handed over on a rotation keeps its steps.
import { describe, expect, it } from '@jest/globals';
import {
  BSUID,
  bsuidKey,
  entryOf,
  event,
  NEW_BSUID,
  NEW_PHONE,
  newResolver,
  PHONE,
  t,
} from '../fixtures.js';

const april = t('2026-04-10T08:00:00');
const may = t('2026-05-10T08:00:00');
const july = t('2026-07-10T08:00:00');

describe('lineage and phone provenance', () => {
  it('a phone first seen in a webhook is WEBHOOK evidence and a PHONE_LINKED step', () => {
    const resolver = newResolver();
    const first = event({ occurredAt: april, phone: PHONE, bsuid: BSUID, userHandle: '@sheena' });
    resolver.process({ event: first });
    expect(entryOf(resolver, bsuidKey(BSUID))).toMatchObject({
      phoneEvidence: { source: 'WEBHOOK', eventId: first.eventId, at: april },
      lineage: [{ kind: 'PHONE_LINKED', from: null, to: PHONE, eventId: first.eventId, at: april }],
    });
  });

  it('a username change is a step; the same username again is not', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: april, bsuid: BSUID, userHandle: '@sheena' }) });
    const renamed = event({ occurredAt: may, bsuid: BSUID, userHandle: '@sheena.n' });
    resolver.process({ event: renamed });
    resolver.process({ event: event({ occurredAt: july, bsuid: BSUID, userHandle: '@sheena.n' }) });
    expect(entryOf(resolver, bsuidKey(BSUID))?.lineage).toEqual([
      {
        kind: 'USERNAME_CHANGE',
        from: '@sheena',
        to: '@sheena.n',
        eventId: renamed.eventId,
        at: may,
      },
    ]);
  });

  it('a number change keeps the old steps, adds rotation and phone change, re-proves the phone', () => {
    const resolver = newResolver();
    const first = event({ occurredAt: april, phone: PHONE, bsuid: BSUID });
    resolver.process({ event: first });
    const change = event({
      occurredAt: july,
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_number',
      phone: NEW_PHONE,
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      previousPhone: PHONE,
    });
    resolver.process({ event: change });
    const current = entryOf(resolver, bsuidKey(NEW_BSUID));
    expect(current?.phoneEvidence).toEqual({
      source: 'WEBHOOK',
      eventId: change.eventId,
      at: july,
    });
    expect(current?.lineage).toEqual([
      { kind: 'PHONE_LINKED', from: null, to: PHONE, eventId: first.eventId, at: april },
      { kind: 'BSUID_ROTATION', from: BSUID, to: NEW_BSUID, eventId: change.eventId, at: july },
      { kind: 'PHONE_CHANGE', from: PHONE, to: NEW_PHONE, eventId: change.eventId, at: july },
    ]);
  });

  it('a phone the user shared is USER_SHARED evidence', () => {
    const resolver = newResolver({ contactBookLaunchAt: t('2026-04-01T00:00:00') });
    resolver.process({ event: event({ occurredAt: april, bsuid: BSUID }) });
    const shared = event({
      occurredAt: may,
      bsuid: BSUID,
      messageType: 'contacts',
      sharedContacts: [{ phone: PHONE, origin: 'contact_request' }],
    });
    resolver.process({ event: shared });
    expect(entryOf(resolver, bsuidKey(BSUID))).toMatchObject({
      phone: PHONE,
      phoneEvidence: { source: 'USER_SHARED', eventId: shared.eventId, at: may },
    });
  });
});
