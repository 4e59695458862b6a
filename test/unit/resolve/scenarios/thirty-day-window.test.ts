// "You have messaged the user (or vice versa) within the last 30 days": evaluated per
// business phone number, in event time. The window is closed: an exchange exactly 30×24h
// before the event still shows the phone; one millisecond more does not.
import { describe, expect, it } from '@jest/globals';
import {
  BSUID,
  DAY,
  event,
  HOUR,
  newResolver,
  OTHER_BPN,
  PHONE,
  statusEvent,
  streamed,
  t,
} from '../fixtures.js';

// Before the contact-book launch, so only the 30-day window can reveal the phone.
const exchange = t('2026-03-01T12:00:00');

function afterExchange(first = event({ occurredAt: exchange, phone: PHONE, bsuid: BSUID })) {
  const resolver = newResolver();
  resolver.process({ event: first });
  return (occurredAt: number, businessPhoneNumberId?: string) =>
    streamed(
      resolver.process({
        event: event({
          occurredAt,
          bsuid: BSUID,
          ...(businessPhoneNumberId ? { businessPhoneNumberId } : {}),
        }),
      }),
    );
}

describe('the 30-day window', () => {
  it('shows the phone 29 days 23 hours after the exchange', () => {
    const later = afterExchange();
    expect(later(exchange + 29 * DAY + 23 * HOUR)).toMatchObject({
      phone: PHONE,
      phoneSource: 'RECENT_INTERACTION',
      waid: PHONE,
      waidSource: 'PHONE',
      sessionKey: PHONE,
    });
  });

  it('shows the phone exactly 30×24h after the exchange (the edge is inside)', () => {
    expect(afterExchange()(exchange + 30 * DAY)).toMatchObject({
      phoneSource: 'RECENT_INTERACTION',
    });
  });

  it('withholds the phone 30 days and 1 ms after the exchange, though the state knows it', () => {
    expect(afterExchange()(exchange + 30 * DAY + 1)).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
      waid: BSUID,
      waidSource: 'BSUID',
      sessionKey: BSUID,
    });
  });

  it('is per business phone number: another number of the portfolio sees no phone', () => {
    expect(afterExchange()(exchange + DAY, OTHER_BPN)).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
    });
  });

  it('counts a message the business sent (a delivered status with the phone)', () => {
    const later = afterExchange(
      statusEvent({ occurredAt: exchange, status: 'delivered', phone: PHONE, bsuid: BSUID }),
    );
    expect(later(exchange + DAY)).toMatchObject({ phoneSource: 'RECENT_INTERACTION' });
  });

  it('does not count a failed status: nothing was exchanged', () => {
    const later = afterExchange(
      statusEvent({ occurredAt: exchange, status: 'failed', phone: PHONE, bsuid: BSUID }),
    );
    expect(later(exchange + DAY)).toMatchObject({ phone: null, phoneSource: 'NONE' });
  });

  it('does not count an exchange stamped after the event (late delivery of an older event)', () => {
    expect(afterExchange()(exchange - 1)).toMatchObject({ phone: null, phoneSource: 'NONE' });
  });

  it('gives the same answer on replay, whatever the processing time', () => {
    const inputs = [
      event({ occurredAt: exchange, phone: PHONE, bsuid: BSUID }),
      event({ occurredAt: exchange + 10 * DAY, bsuid: BSUID }),
      event({ occurredAt: exchange + 31 * DAY, bsuid: BSUID }),
    ];
    const run = () => {
      const resolver = newResolver();
      return inputs.flatMap((e) => resolver.process({ event: e }));
    };
    expect(run()).toEqual(run());
  });
});
