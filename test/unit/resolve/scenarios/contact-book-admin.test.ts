// A portfolio's contact book can be disabled (every entry deleted, storing stops),
// re-enabled (storing resumes, nothing is restored, nothing earlier is captured), and one
// standard BSUID's entry can be deleted (a parent BSUID cannot). Deleting is not forgetting:
// the phone still shows within the 30-day window of the business number that exchanged
// with it, and the identity lineage stays (Meta's contact-book delete; issue 12 item 1).
import { describe, expect, it } from '@jest/globals';
import {
  BSUID,
  bsuidKey,
  DAY,
  entryOf,
  event,
  NEW_BSUID,
  newResolver,
  of,
  PARENT,
  PHONE,
  PORTFOLIO,
  phoneKeyOf,
  OTHER_BPN,
  statusEvent,
  streamed,
  t,
} from '../fixtures.js';

const april = t('2026-04-10T08:00:00');
const july = t('2026-07-10T08:00:00');
const admin = (action: string, at: number, extra: Record<string, unknown> = {}) => ({
  admin: { action, portfolioId: PORTFOLIO, at, ...extra },
});

function customerInContactBook() {
  const resolver = newResolver();
  resolver.process({ event: event({ occurredAt: april, phone: PHONE, bsuid: BSUID }) });
  expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(true);
  return resolver;
}

describe('disabling the contact book', () => {
  it('tombstones the phone aliases and unlinks every entry, keeping windows and lineage', () => {
    const resolver = customerInContactBook();
    resolver.process({ event: event({ occurredAt: april, bsuid: NEW_BSUID }) });
    const before = entryOf(resolver, bsuidKey(BSUID));
    const out = resolver.process(admin('disableContactBook', t('2026-05-01T00:00:00')));
    const tombstones = out.filter((r) => r.topic === 'contact-book' && r.value === null);
    expect(tombstones.map((r) => r.key)).toEqual([phoneKeyOf(PHONE)]);
    expect(entryOf(resolver, bsuidKey(BSUID))).toEqual({
      ...before,
      inContactBook: false,
      contactBookSince: null,
      contactBookVia: null,
    });
    expect([...resolver.entries().keys()].sort()).toEqual(
      [bsuidKey(BSUID), bsuidKey(NEW_BSUID)].sort(),
    );
    expect(resolver.settings(PORTFOLIO).contactBookEnabled).toBe(false);
  });

  it('still shows a phone exchanged two days earlier on the same business number', () => {
    const resolver = customerInContactBook();
    resolver.process(admin('disableContactBook', april + 2 * DAY));
    const same = streamed(
      resolver.process({ event: event({ occurredAt: april + 2 * DAY + 1, bsuid: BSUID }) }),
    );
    expect(same).toMatchObject({ phone: PHONE, phoneSource: 'RECENT_INTERACTION', waid: PHONE });
    const other = streamed(
      resolver.process({
        event: event({
          occurredAt: april + 2 * DAY + 2,
          bsuid: BSUID,
          businessPhoneNumberId: OTHER_BPN,
        }),
      }),
    );
    expect(other).toMatchObject({ phone: null, phoneSource: 'NONE', waid: BSUID });
    const late = streamed(
      resolver.process({ event: event({ occurredAt: april + 30 * DAY + 1, bsuid: BSUID }) }),
    );
    expect(late).toMatchObject({ phone: null, phoneSource: 'NONE' });
  });

  it('withholds the phone afterwards and stores no new pair while disabled', () => {
    const resolver = customerInContactBook();
    resolver.process(admin('disableContactBook', t('2026-05-01T00:00:00')));
    const after = streamed(resolver.process({ event: event({ occurredAt: july, bsuid: BSUID }) }));
    expect(after).toMatchObject({ phone: null, phoneSource: 'NONE', waid: BSUID });
    resolver.process({ event: event({ occurredAt: july + 1, phone: PHONE, bsuid: BSUID }) });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(false);
  });

  it('restores nothing when re-enabled, and captures only interactions from then on', () => {
    const resolver = customerInContactBook();
    resolver.process(admin('disableContactBook', t('2026-05-01T00:00:00')));
    resolver.process(admin('enableContactBook', t('2026-06-01T00:00:00')));
    expect(resolver.settings(PORTFOLIO)).toMatchObject({
      contactBookEnabled: true,
      storeFrom: t('2026-06-01T00:00:00'),
    });
    const back = streamed(resolver.process({ event: event({ occurredAt: july, bsuid: BSUID }) }));
    expect(back).toMatchObject({ phone: null, phoneSource: 'NONE' });
    // A late webhook from before the re-enable is not captured retroactively.
    resolver.process({
      event: event({ occurredAt: t('2026-05-20T00:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(false);
    resolver.process({ event: event({ occurredAt: july + DAY, phone: PHONE, bsuid: BSUID }) });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(true);
  });

  it('persists the switch on the contact-book topic under the portfolio’s settings key', () => {
    const resolver = newResolver();
    const out = resolver.process(admin('disableContactBook', april));
    expect(out).toContainEqual({
      topic: 'contact-book',
      key: `${PORTFOLIO}|~settings`,
      value: {
        portfolioId: PORTFOLIO,
        contactBookEnabled: false,
        storeFrom: null,
        changedAt: april,
      },
    });
  });
});

describe('deleting one contact', () => {
  it('unlinks the entry, tombstones its phone aliases and keeps the lineage', () => {
    const resolver = customerInContactBook();
    resolver.process({
      event: event({
        occurredAt: july,
        eventType: 'IDENTITY_CHANGE',
        bsuid: NEW_BSUID,
        previousBsuid: BSUID,
      }),
    });
    const out = resolver.process(admin('deleteContact', july + 1, { bsuid: NEW_BSUID }));
    const tombstones = out.filter((r) => r.topic === 'contact-book' && r.value === null);
    expect(tombstones.map((r) => r.key)).toEqual([phoneKeyOf(PHONE)]);
    expect(entryOf(resolver, bsuidKey(NEW_BSUID))).toMatchObject({
      inContactBook: false,
      contactBookVia: null,
      phone: PHONE,
      previousBsuids: [BSUID],
    });
    // The rotated-away BSUID still leads to the customer.
    expect(entryOf(resolver, bsuidKey(BSUID))?.supersededBy).toBe(bsuidKey(NEW_BSUID));
    const late = streamed(
      resolver.process({ event: event({ occurredAt: july + 2, bsuid: BSUID }) }),
    );
    expect(late).toMatchObject({ bsuid: NEW_BSUID, previousBsuid: BSUID });
  });

  it('keeps the 30-day window: a phone exchanged two days earlier still shows', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: july, phone: PHONE, bsuid: BSUID }) });
    resolver.process(admin('deleteContact', july + 2 * DAY, { bsuid: BSUID }));
    const after = streamed(
      resolver.process({ event: event({ occurredAt: july + 2 * DAY + 1, bsuid: BSUID }) }),
    );
    expect(after).toMatchObject({ phone: PHONE, phoneSource: 'RECENT_INTERACTION', waid: PHONE });
    // Another business number of the portfolio had no exchange: the contact book no longer helps.
    const other = streamed(
      resolver.process({
        event: event({
          occurredAt: july + 2 * DAY + 2,
          bsuid: BSUID,
          businessPhoneNumberId: OTHER_BPN,
        }),
      }),
    );
    expect(other).toMatchObject({ phone: null, phoneSource: 'NONE', waid: BSUID });
    const expired = streamed(
      resolver.process({ event: event({ occurredAt: july + 30 * DAY + 1, bsuid: BSUID }) }),
    );
    expect(expired).toMatchObject({ phone: null, phoneSource: 'NONE' });
  });

  it('is recreated by a new interaction, phone alias included', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: july, phone: PHONE, bsuid: BSUID }) });
    resolver.process(admin('deleteContact', july + DAY, { bsuid: BSUID }));
    expect(entryOf(resolver, phoneKeyOf(PHONE))).toBeUndefined();
    // A phone-only status in between is a customer of its own until the pair shows again.
    resolver.process({
      event: statusEvent({ occurredAt: july + 2 * DAY, status: 'delivered', phone: PHONE }),
    });
    const out = resolver.process({
      event: event({ occurredAt: july + 3 * DAY, phone: PHONE, bsuid: BSUID }),
    });
    expect(entryOf(resolver, bsuidKey(BSUID))).toMatchObject({
      inContactBook: true,
      contactBookSince: july + 3 * DAY,
    });
    expect(entryOf(resolver, phoneKeyOf(PHONE))?.supersededBy).toBe(bsuidKey(BSUID));
    expect(of(out, 'data-stream').map((e) => e.eventType)).toEqual(['MESSAGE', 'IDENTITY_CHANGE']);
    const later = streamed(
      resolver.process({
        event: event({
          occurredAt: july + 40 * DAY,
          bsuid: BSUID,
          businessPhoneNumberId: OTHER_BPN,
        }),
      }),
    );
    expect(later).toMatchObject({ phone: PHONE, phoneSource: 'CONTACT_BOOK' });
  });

  it('rejects a parent BSUID with a clear error, and changes nothing', () => {
    const resolver = customerInContactBook();
    const out = resolver.process(admin('deleteContact', july, { bsuid: PARENT }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      topic: 'dlq',
      value: {
        error: {
          code: 'WAI_BAD_IDENTIFIER',
          field: 'admin.bsuid',
          message: expect.stringContaining('parent BSUID'),
        },
      },
    });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(true);
  });

  it('does nothing for an unknown BSUID', () => {
    const resolver = customerInContactBook();
    expect(resolver.process(admin('deleteContact', july, { bsuid: NEW_BSUID }))).toEqual([]);
    expect(
      of(resolver.process(admin('deleteContact', july, { bsuid: BSUID })), 'contact-book'),
    ).not.toEqual([]);
  });
});
