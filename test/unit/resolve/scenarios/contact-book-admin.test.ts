// A portfolio's contact book can be disabled (every entry deleted, storing stops),
// re-enabled (storing resumes, nothing is restored, nothing earlier is captured), and one
// standard BSUID's entry can be deleted (a parent BSUID cannot).
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
  it('tombstones every entry of the portfolio, aliases included', () => {
    const resolver = customerInContactBook();
    resolver.process({ event: event({ occurredAt: april, bsuid: NEW_BSUID }) });
    const out = resolver.process(admin('disableContactBook', t('2026-05-01T00:00:00')));
    const tombstones = out.filter((r) => r.topic === 'contact-book' && r.value === null);
    expect(tombstones.map((r) => r.key).sort()).toEqual(
      [bsuidKey(BSUID), bsuidKey(NEW_BSUID), phoneKeyOf(PHONE)].sort(),
    );
    expect([...resolver.entries().keys()]).toEqual([]);
    expect(resolver.settings(PORTFOLIO).contactBookEnabled).toBe(false);
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
  it('tombstones the BSUID entry and the keys pointing at it', () => {
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
    expect(tombstones.map((r) => r.key).sort()).toEqual(
      [bsuidKey(BSUID), bsuidKey(NEW_BSUID), phoneKeyOf(PHONE)].sort(),
    );
    expect([...resolver.entries().keys()]).toEqual([]);
    const after = streamed(
      resolver.process({ event: event({ occurredAt: july + 2, bsuid: NEW_BSUID }) }),
    );
    expect(after).toMatchObject({ phone: null, phoneSource: 'NONE' });
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
