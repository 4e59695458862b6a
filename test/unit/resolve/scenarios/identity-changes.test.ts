// Identity changes are lineage edges: the new id inherits the old one's history and
// contact-book status, the old entry points at the new one, one IDENTITY_CHANGE carries
// both ids, and later events under either id name the current customer.
import { describe, expect, it } from '@jest/globals';
import {
  BSUID,
  DAY,
  bsuidKey,
  entryOf,
  event,
  NEW_BSUID,
  NEW_PHONE,
  newResolver,
  of,
  PHONE,
  phoneKeyOf,
  statusEvent,
  streamed,
  t,
} from '../fixtures.js';

const april = t('2026-04-10T08:00:00');
const july = t('2026-07-10T08:00:00');

function knownCustomer() {
  const resolver = newResolver();
  resolver.process({
    event: event({ occurredAt: april, phone: PHONE, bsuid: BSUID, profileName: 'Sheena' }),
  });
  return resolver;
}

describe('BSUID rotation (user_changed_user_id)', () => {
  const rotation = () =>
    event({
      occurredAt: july,
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_user_id',
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
    });

  it('emits one IDENTITY_CHANGE with previous and current ids, and hands the history over', () => {
    const resolver = knownCustomer();
    const out = resolver.process({ event: rotation() });
    const changes = of(out, 'data-stream');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      eventType: 'IDENTITY_CHANGE',
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      // Applied where the new id lives, before the history arrives: only the webhook's own
      // identifiers (user_changed_user_id carries no phone).
      phone: null,
    });
    // The change is a transaction of its own (issue 12 item 6), under the person's contactId:
    // the one the customer had before the rotation.
    const before = knownCustomer().state.entry(bsuidKey(BSUID))?.contactId;
    expect(of(out, 'export-log')).toEqual([
      expect.objectContaining({
        eventType: 'IDENTITY_CHANGE',
        bsuid: NEW_BSUID,
        previousBsuid: BSUID,
        contactId: before,
      }),
    ]);
    expect(changes[0]?.contactId).toBe(before);
    expect(entryOf(resolver, bsuidKey(BSUID))).toMatchObject({
      supersededBy: bsuidKey(NEW_BSUID),
      phone: null,
    });
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))).toMatchObject({
      phone: PHONE,
      inContactBook: true,
      contactBookSince: april,
      firstSeenAt: april,
      profileName: 'Sheena',
      previousBsuids: [BSUID],
      supersededBy: null,
    });
    // The phone alias follows the customer to the new id.
    expect(entryOf(resolver, phoneKeyOf(PHONE))?.supersededBy).toBe(bsuidKey(NEW_BSUID));
    // The inherited contact-book pair shows the phone on the next event, months later.
    const next = streamed(
      resolver.process({ event: event({ occurredAt: july + 90 * DAY, bsuid: NEW_BSUID }) }),
    );
    expect(next).toMatchObject({ phone: PHONE, phoneSource: 'CONTACT_BOOK', waid: PHONE });
  });

  it('resolves later events under the old id to the current customer, keeping the old id as evidence', () => {
    const resolver = knownCustomer();
    resolver.process({ event: rotation() });
    const late = streamed(
      resolver.process({
        event: statusEvent({ occurredAt: july + 1000, status: 'read', bsuid: BSUID }),
      }),
    );
    expect(late).toMatchObject({ bsuid: NEW_BSUID, previousBsuid: BSUID, phone: PHONE });
    const byPhone = streamed(
      resolver.process({ event: event({ occurredAt: july + 2000, phone: PHONE }) }),
    );
    expect(byPhone.bsuid).toBe(NEW_BSUID);
    // The late event did not roll the customer back to the old id.
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))?.bsuid).toBe(NEW_BSUID);
  });

  it('is applied once when redelivered', () => {
    const resolver = knownCustomer();
    const change = rotation();
    expect(of(resolver.process({ event: change }), 'data-stream')).toHaveLength(1);
    expect(resolver.process({ event: change })).toEqual([]);
  });

  it('is accepted in the legacy user_id_update form as well', () => {
    const resolver = knownCustomer();
    const out = resolver.process({
      event: event({
        occurredAt: july,
        eventType: 'IDENTITY_CHANGE',
        sourceField: 'user_id_update',
        messageType: null,
        phone: PHONE,
        bsuid: NEW_BSUID,
        previousBsuid: BSUID,
      }),
    });
    expect(streamed(out)).toMatchObject({ bsuid: NEW_BSUID, previousBsuid: BSUID });
    expect(entryOf(resolver, bsuidKey(BSUID))?.supersededBy).toBe(bsuidKey(NEW_BSUID));
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))?.inContactBook).toBe(true);
  });

  it('survives a rotation back to an earlier id (A → B → A) without a pointer loop', () => {
    const resolver = knownCustomer();
    resolver.process({ event: rotation() });
    resolver.process({
      event: event({
        occurredAt: july + DAY,
        eventType: 'IDENTITY_CHANGE',
        bsuid: BSUID,
        previousBsuid: NEW_BSUID,
      }),
    });
    expect(entryOf(resolver, bsuidKey(BSUID))).toMatchObject({ supersededBy: null, phone: PHONE });
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))?.supersededBy).toBe(bsuidKey(BSUID));
    const next = streamed(
      resolver.process({ event: event({ occurredAt: july + 2 * DAY, bsuid: NEW_BSUID }) }),
    );
    expect(next.bsuid).toBe(BSUID);
  });
});

describe('phone number change (user_changed_number)', () => {
  const numberChange = () =>
    event({
      occurredAt: july,
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_number',
      phone: NEW_PHONE,
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      previousPhone: PHONE,
    });

  it('moves the customer to the new phone and BSUID; the old ones point at it', () => {
    const resolver = knownCustomer();
    const change = streamed(resolver.process({ event: numberChange() }));
    expect(change).toMatchObject({
      eventType: 'IDENTITY_CHANGE',
      phone: NEW_PHONE,
      phoneSource: 'WEBHOOK',
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      previousPhone: PHONE,
    });
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))).toMatchObject({
      phone: NEW_PHONE,
      previousPhones: [PHONE],
      previousBsuids: [BSUID],
      // Contact-book status is inherited, for the new number.
      inContactBook: true,
      contactBookVia: 'INTERACTION',
    });
    expect(entryOf(resolver, phoneKeyOf(NEW_PHONE))?.supersededBy).toBe(bsuidKey(NEW_BSUID));
  });

  it('does not carry the old number’s 30-day windows over to the new number', () => {
    const resolver = newResolver();
    // Contact book off: only the 30-day window could show a phone.
    resolver.process({
      admin: { action: 'disableContactBook', portfolioId: 'portfolio-acme', at: 0 },
    });
    resolver.process({ event: event({ occurredAt: july - DAY, phone: PHONE, bsuid: BSUID }) });
    resolver.process({ event: numberChange() });
    const next = streamed(
      resolver.process({ event: event({ occurredAt: july + DAY, bsuid: NEW_BSUID }) }),
    );
    expect(next).toMatchObject({ phone: null, phoneSource: 'NONE', waid: NEW_BSUID });
  });

  it('resolves a late event from the old number to the current customer without reverting the phone', () => {
    const resolver = knownCustomer();
    resolver.process({ event: numberChange() });
    const late = streamed(
      resolver.process({ event: event({ occurredAt: july + 1000, phone: PHONE }) }),
    );
    expect(late).toMatchObject({ bsuid: NEW_BSUID, phone: PHONE, phoneSource: 'WEBHOOK' });
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))?.phone).toBe(NEW_PHONE);
  });

  it('handles the older payload without previous_user_id through the old number’s alias', () => {
    const resolver = knownCustomer();
    resolver.process({
      event: event({
        occurredAt: july,
        eventType: 'IDENTITY_CHANGE',
        phone: NEW_PHONE,
        bsuid: NEW_BSUID,
        previousPhone: PHONE,
      }),
    });
    expect(entryOf(resolver, bsuidKey(BSUID))?.supersededBy).toBe(bsuidKey(NEW_BSUID));
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))).toMatchObject({
      phone: NEW_PHONE,
      previousBsuids: [BSUID],
      firstSeenAt: april,
    });
  });
});

describe('never merging on username or profile name', () => {
  it('keeps two BSUIDs with the same username and name apart', () => {
    const resolver = newResolver();
    const same = { userHandle: 'sheena.n', profileName: 'Sheena' };
    resolver.process({ event: event({ occurredAt: july, bsuid: BSUID, phone: PHONE, ...same }) });
    const other = streamed(
      resolver.process({ event: event({ occurredAt: july + 1, bsuid: NEW_BSUID, ...same }) }),
    );
    expect(other).toMatchObject({ bsuid: NEW_BSUID, phone: null, previousBsuid: null });
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))).toMatchObject({
      supersededBy: null,
      previousBsuids: [],
    });
    expect(entryOf(resolver, bsuidKey(BSUID))?.supersededBy).toBeNull();
  });
});
