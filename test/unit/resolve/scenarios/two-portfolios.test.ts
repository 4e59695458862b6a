// Contact books are per portfolio: one user talking to two portfolios has two entries (and,
// in real life, two different BSUIDs), and neither portfolio ever sees the other's pair.
import { describe, expect, it } from '@jest/globals';
import {
  BSUID,
  bsuidKey,
  entryOf,
  event,
  newResolver,
  OTHER_PORTFOLIO,
  PHONE,
  phoneKeyOf,
  PORTFOLIO,
  streamed,
  t,
} from '../fixtures.js';

describe('one user in two portfolios', () => {
  it('never shows one portfolio’s contact-book phone to the other', () => {
    const resolver = newResolver();
    resolver.process({
      event: event({ occurredAt: t('2026-04-10T08:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    // The same BSUID string in another portfolio is another entry (keys carry the portfolio).
    const other = streamed(
      resolver.process({
        event: event({
          occurredAt: t('2026-07-10T08:00:00'),
          portfolioId: OTHER_PORTFOLIO,
          businessPhoneNumberId: '200000000000001',
          bsuid: BSUID,
        }),
      }),
    );
    expect(other).toMatchObject({ portfolioId: OTHER_PORTFOLIO, phone: null, phoneSource: 'NONE' });
    expect(entryOf(resolver, bsuidKey(BSUID, OTHER_PORTFOLIO))?.phone).toBeNull();
    expect(entryOf(resolver, phoneKeyOf(PHONE, OTHER_PORTFOLIO))).toBeUndefined();
    const own = streamed(
      resolver.process({ event: event({ occurredAt: t('2026-07-10T08:00:00'), bsuid: BSUID }) }),
    );
    expect(own).toMatchObject({
      portfolioId: PORTFOLIO,
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
    });
  });

  it('purges only the disabled portfolio', () => {
    const resolver = newResolver();
    const at = t('2026-04-10T08:00:00');
    resolver.process({ event: event({ occurredAt: at, phone: PHONE, bsuid: BSUID }) });
    resolver.process({
      event: event({ occurredAt: at, portfolioId: OTHER_PORTFOLIO, phone: PHONE, bsuid: BSUID }),
    });
    resolver.process({ admin: { action: 'disableContactBook', portfolioId: PORTFOLIO, at } });
    expect(entryOf(resolver, bsuidKey(BSUID))?.inContactBook).toBe(false);
    expect(entryOf(resolver, phoneKeyOf(PHONE))).toBeUndefined();
    expect(entryOf(resolver, phoneKeyOf(PHONE, OTHER_PORTFOLIO))).toBeDefined();
    expect(entryOf(resolver, bsuidKey(BSUID, OTHER_PORTFOLIO))?.inContactBook).toBe(true);
    expect(resolver.settings(OTHER_PORTFOLIO).contactBookEnabled).toBe(true);
  });
});
