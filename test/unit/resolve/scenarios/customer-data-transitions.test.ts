// The spec's "Understanding Customer Data Transitions": what a business sees of a customer
// as the contact book launches (April 2026) and usernames arrive (June 2026).
import { describe, expect, it } from '@jest/globals';
import {
  BPN,
  BSUID,
  bsuidKey,
  entryOf,
  event,
  newResolver,
  of,
  PHONE,
  phoneKeyOf,
  streamed,
  t,
} from '../fixtures.js';

describe('Scenario 1: an existing customer (talked to the business before April)', () => {
  it('keeps the phone after June, because an April interaction stored it in the contact book', () => {
    const resolver = newResolver();
    // Before April: known by phone only.
    resolver.process({ event: event({ occurredAt: t('2026-03-10T09:00:00'), phone: PHONE }) });
    // April: Meta sends phone and BSUID; the interaction stores the pair.
    resolver.process({
      event: event({ occurredAt: t('2026-04-15T09:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    // July, months after the last exchange: the customer adopted a username, the phone is withheld.
    const july = streamed(
      resolver.process({
        event: event({
          occurredAt: t('2026-07-20T09:00:00'),
          bsuid: BSUID,
          userHandle: 'sheena.n',
        }),
      }),
    );
    expect(july).toMatchObject({
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
      waid: PHONE,
      waidSource: 'PHONE',
      sessionKey: PHONE,
      bsuid: BSUID,
      userHandle: 'sheena.n',
    });
  });

  it('merges the phone-keyed history into the BSUID when the BSUID first appears, as one auditable event', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: t('2026-03-10T09:00:00'), phone: PHONE }) });
    const april = resolver.process({
      event: event({ occurredAt: t('2026-04-15T09:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    const changes = of(april, 'data-stream').filter((e) => e.eventType === 'IDENTITY_CHANGE');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      bsuid: BSUID,
      phone: PHONE,
      phoneSource: 'WEBHOOK',
      previousPhone: PHONE,
      messageType: 'phone_bsuid_pair',
    });
    expect(entryOf(resolver, phoneKeyOf(PHONE))?.supersededBy).toBe(bsuidKey(BSUID));
    expect(entryOf(resolver, bsuidKey(BSUID))?.firstSeenAt).toBe(t('2026-03-10T09:00:00'));
    // A phone-only event later still finds the customer through the alias.
    const late = streamed(
      resolver.process({ event: event({ occurredAt: t('2026-04-16T09:00:00'), phone: PHONE }) }),
    );
    expect(late.bsuid).toBe(BSUID);
  });

  it('is not captured retroactively: interactions before the launch store nothing', () => {
    const resolver = newResolver();
    resolver.process({
      event: event({ occurredAt: t('2026-03-31T23:59:59'), phone: PHONE, bsuid: BSUID }),
    });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(false);
    const july = streamed(
      resolver.process({ event: event({ occurredAt: t('2026-07-20T09:00:00'), bsuid: BSUID }) }),
    );
    expect(july).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
      waid: BSUID,
      waidSource: 'BSUID',
    });
  });

  it('is captured from the launch instant on (the launch date is configurable)', () => {
    const resolver = newResolver({ contactBookLaunchAt: t('2026-04-01T00:00:00') });
    resolver.process({
      event: event({ occurredAt: t('2026-04-01T00:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(true);
    const later = newResolver({ contactBookLaunchAt: t('2026-05-01T00:00:00') });
    later.process({
      event: event({ occurredAt: t('2026-04-20T00:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    expect(entryOf(later, bsuidKey(BSUID))?.inContactBook).toBe(false);
  });
});

describe('Scenario 2: a new customer after June', () => {
  it('is known by username and BSUID only: waid falls back to the BSUID, flagged as such', () => {
    const resolver = newResolver();
    const first = streamed(
      resolver.process({
        event: event({
          occurredAt: t('2026-07-01T10:00:00'),
          bsuid: BSUID,
          parentBsuid: 'US.ENT.11815799212886844830',
          userHandle: 'sheena.n',
        }),
      }),
    );
    expect(first).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
      waid: BSUID,
      waidSource: 'BSUID',
      sessionKey: BSUID,
      bsuid: BSUID,
      parentBsuid: 'US.ENT.11815799212886844830',
      userHandle: 'sheena.n',
    });
  });

  it('never drops a phone-less message: it reaches the data stream and the export log', () => {
    const resolver = newResolver();
    const out = resolver.process({
      event: event({ occurredAt: t('2026-07-01T10:00:00'), bsuid: BSUID, userHandle: 'sheena.n' }),
    });
    expect(of(out, 'data-stream')).toHaveLength(1);
    expect(of(out, 'export-log')).toEqual([
      expect.objectContaining({
        direction: 'IN',
        waid: BSUID,
        waidSource: 'BSUID',
        phone: null,
        bsuid: BSUID,
      }),
    ]);
  });

  it('gets a phone once the user answers the contact-information button (USER_SHARED)', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: t('2026-07-01T10:00:00'), bsuid: BSUID }) });
    const card = streamed(
      resolver.process({
        event: event({
          occurredAt: t('2026-07-01T10:05:00'),
          bsuid: BSUID,
          messageType: 'contacts',
          sharedContacts: [{ phone: PHONE, origin: 'contact_request' }],
        }),
      }),
    );
    expect(card).toMatchObject({ phone: PHONE, phoneSource: 'USER_SHARED', waid: PHONE });
    // Months later, without any exchange: the contact book still holds the shared phone.
    const later = streamed(
      resolver.process({ event: event({ occurredAt: t('2026-11-01T10:00:00'), bsuid: BSUID }) }),
    );
    expect(later).toMatchObject({ phone: PHONE, phoneSource: 'USER_SHARED' });
    const entry = entryOf(resolver, bsuidKey(BSUID));
    expect(entry).toMatchObject({
      phone: PHONE,
      inContactBook: true,
      contactBookVia: 'USER_SHARED',
    });
    expect(entryOf(resolver, phoneKeyOf(PHONE))?.supersededBy).toBe(bsuidKey(BSUID));
  });

  it('links nothing from a card shared without the request: it may be somebody else', () => {
    for (const origin of ['other', null]) {
      const resolver = newResolver();
      const card = streamed(
        resolver.process({
          event: event({
            occurredAt: t('2026-07-01T10:05:00'),
            bsuid: BSUID,
            messageType: 'contacts',
            sharedContacts: [{ phone: PHONE, origin }],
          }),
        }),
      );
      expect(card).toMatchObject({ phone: null, phoneSource: 'NONE', waid: BSUID });
      expect(entryOf(resolver, bsuidKey(BSUID))?.phone).toBeNull();
      expect(entryOf(resolver, phoneKeyOf(PHONE))).toBeUndefined();
    }
  });

  it('keeps the phone for this business number only within 30 days when it is not in the contact book', () => {
    // Contact book disabled for this portfolio: only the 30-day window can show the phone.
    const resolver = newResolver();
    resolver.process({
      admin: { action: 'disableContactBook', portfolioId: 'portfolio-acme', at: 0 },
    });
    resolver.process({
      event: event({
        occurredAt: t('2026-07-01T10:00:00'),
        phone: PHONE,
        bsuid: BSUID,
        businessPhoneNumberId: BPN,
      }),
    });
    const soon = streamed(
      resolver.process({ event: event({ occurredAt: t('2026-07-10T10:00:00'), bsuid: BSUID }) }),
    );
    expect(soon).toMatchObject({ phone: PHONE, phoneSource: 'RECENT_INTERACTION' });
    const late = streamed(
      resolver.process({ event: event({ occurredAt: t('2026-08-15T10:00:00'), bsuid: BSUID }) }),
    );
    expect(late).toMatchObject({ phone: null, phoneSource: 'NONE', waid: BSUID });
  });
});
