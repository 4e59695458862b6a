// What the resolve rules read from a split event: which events are exchanges, which card
// links a phone, which events are identity changes.
import { describe, expect, it } from '@jest/globals';
import { toResolveInput } from '../../../processors/domain/identity/resolve-input.js';
import { BSUID, event, NEW_PHONE, PHONE, statusEvent, t } from './fixtures.js';

const at = t('2026-07-01T00:00:00');

describe('toResolveInput', () => {
  it('counts messages both ways and delivered statuses as exchanges, not failures or notices', () => {
    const exchange = (e: Parameters<typeof toResolveInput>[0]) => toResolveInput(e).isInteraction;
    expect(exchange(event({ occurredAt: at }))).toBe(true);
    expect(
      exchange(event({ occurredAt: at, direction: 'OUT', sourceField: 'smb_message_echoes' })),
    ).toBe(true);
    expect(exchange(statusEvent({ occurredAt: at, status: 'sent' }))).toBe(true);
    expect(exchange(statusEvent({ occurredAt: at, status: 'failed' }))).toBe(false);
    expect(exchange(event({ occurredAt: at, messageType: 'customer_identity_changed' }))).toBe(
      false,
    );
    expect(exchange(event({ occurredAt: at, eventType: 'USER_PREFERENCE' }))).toBe(false);
    expect(exchange(event({ occurredAt: at, eventType: 'IDENTITY_CHANGE' }))).toBe(false);
  });

  it('links the phone of a contact-request card, whether one or several cards say so', () => {
    const card = (sharedContacts: { phone: string | null; origin: string | null }[]) =>
      toResolveInput(event({ occurredAt: at, messageType: 'contacts', sharedContacts }))
        .userSharedPhone;
    expect(card([{ phone: PHONE, origin: 'contact_request' }])).toBe(PHONE);
    expect(
      card([
        { phone: PHONE, origin: 'contact_request' },
        { phone: `+${PHONE}`, origin: 'contact_request' },
      ]),
    ).toBe(PHONE);
    expect(
      card([
        { phone: PHONE, origin: 'contact_request' },
        { phone: NEW_PHONE, origin: 'other' },
      ]),
    ).toBe(PHONE);
  });

  it('links nothing from other cards, ambiguous requests, unusable phones or outgoing messages', () => {
    const card = (
      sharedContacts: { phone: string | null; origin: string | null }[],
      direction: 'IN' | 'OUT' = 'IN',
    ) =>
      toResolveInput(event({ occurredAt: at, direction, messageType: 'contacts', sharedContacts }))
        .userSharedPhone;
    expect(card([{ phone: PHONE, origin: 'other' }])).toBeNull();
    expect(card([{ phone: PHONE, origin: null }])).toBeNull();
    expect(
      card([
        { phone: PHONE, origin: 'contact_request' },
        { phone: NEW_PHONE, origin: 'contact_request' },
      ]),
    ).toBeNull();
    expect(card([{ phone: null, origin: 'contact_request' }])).toBeNull();
    expect(card([{ phone: 'call me', origin: 'contact_request' }])).toBeNull();
    expect(card([{ phone: PHONE, origin: 'contact_request' }], 'OUT')).toBeNull();
  });

  it('reads identity-change evidence only from identity changes', () => {
    const change = toResolveInput(
      event({
        occurredAt: at,
        eventType: 'IDENTITY_CHANGE',
        bsuid: BSUID,
        previousBsuid: 'US.1',
        previousPhone: PHONE,
      }),
    );
    expect(change.identityChange).toEqual({
      previousBsuid: 'US.1',
      previousPhone: PHONE,
      previousParentBsuid: null,
    });
    expect(
      toResolveInput(event({ occurredAt: at, previousBsuid: 'US.1' })).identityChange,
    ).toBeNull();
  });
});
