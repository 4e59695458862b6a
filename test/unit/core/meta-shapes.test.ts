import { describe, expect, it } from '@jest/globals';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';
import { metaDelivery, testContext } from '../split/test-context.js';
import { present } from '../../helpers/present.js';

const BSUID = 'US.13491208655302741918';
const NEW_BSUID = 'US.24817305912873645029';
const PARENT = 'US.ENT.11815799212886844830';
const PHONE = '16505551234';
const NEW_PHONE = '12195555358';

function one(value: Record<string, unknown>, field = 'messages') {
  const result = splitDelivery(metaDelivery(value, field), testContext());
  expect(result.failures).toEqual([]);
  expect(result.events).toHaveLength(1);
  return present(result.events[0]).event;
}

const msg = (extra: Record<string, unknown>) => ({
  id: 'wamid.A1',
  timestamp: '1749416383',
  ...extra,
});

describe('inbound messages', () => {
  it('reads a phone user: phone wins waid and session, BSUID still exposed', () => {
    const e = one({
      contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: PHONE, user_id: BSUID }],
      messages: [msg({ from: PHONE, from_user_id: BSUID, type: 'text', text: { body: 'hi' } })],
    });
    expect(e).toMatchObject({
      eventType: 'MESSAGE',
      direction: 'IN',
      occurredAt: 1749416383000,
      waid: PHONE,
      waidSource: 'PHONE',
      phone: PHONE,
      phoneSource: 'WEBHOOK',
      bsuid: BSUID,
      sessionKey: PHONE,
      profileName: 'Sheena Nelson',
      messageType: 'text',
      businessPhoneNumberId: '106540352242922',
      wabaId: '102290129340398',
      portfolioId: 'acme',
    });
  });

  it('falls back to the BSUID when the phone is withheld', () => {
    const e = one({
      contacts: [
        { profile: { name: 'S', username: 'sheena.n' }, user_id: BSUID, parent_user_id: PARENT },
      ],
      messages: [
        msg({
          from_user_id: BSUID,
          from_parent_user_id: PARENT,
          type: 'text',
          text: { body: 'x' },
        }),
      ],
    });
    expect(e).toMatchObject({
      waid: BSUID,
      waidSource: 'BSUID',
      phone: null,
      phoneSource: 'NONE',
      sessionKey: BSUID,
      parentBsuid: PARENT,
      userHandle: 'sheena.n',
    });
  });

  it('takes identifiers from the matching contact when the message omits them', () => {
    const e = one({
      contacts: [
        { profile: { name: 'Other' }, wa_id: '447700900123', user_id: 'GB.99' },
        { profile: { name: 'Sheena' }, wa_id: PHONE, user_id: BSUID },
      ],
      messages: [msg({ from: PHONE, type: 'image', image: { id: 'media-1' } })],
    });
    expect(e).toMatchObject({ bsuid: BSUID, profileName: 'Sheena', messageType: 'image' });
  });

  it('never pairs a message with a contradicting contact', () => {
    const e = one({
      contacts: [{ profile: { name: 'Other' }, wa_id: '447700900123', user_id: 'GB.99' }],
      messages: [msg({ from: PHONE, type: 'text', text: { body: 'x' } })],
    });
    expect(e).toMatchObject({ phone: PHONE, bsuid: null, profileName: null });
  });

  it.each([
    'interactive',
    'button',
    'reaction',
    'location',
    'audio',
    'video',
    'document',
    'sticker',
    'order',
  ])('keeps %s as a known type without raw payload', (type) => {
    const e = one({ messages: [msg({ from: PHONE, type, [type]: {} })] });
    expect(e.messageType).toBe(type);
    expect(e.rawPayload).toBeNull();
  });

  it('carries an unknown message type with its raw JSON', () => {
    const e = one({ messages: [msg({ from: PHONE, type: 'hologram', hologram: { z: 1 } })] });
    expect(e.messageType).toBe('hologram');
    expect(JSON.parse(present(e.rawPayload))).toMatchObject({
      type: 'hologram',
      hologram: { z: 1 },
    });
  });

  it('reads shared contact cards with origin on the message or on the card', () => {
    const onMessage = one({
      contacts: [{ profile: { username: 'sheena.n' }, user_id: BSUID }],
      messages: [
        msg({
          from_user_id: BSUID,
          type: 'contacts',
          origin: 'contact_request',
          contacts: [
            { name: { formatted_name: 'S' }, phones: [{ phone: '+1 650-555-1234', wa_id: PHONE }] },
          ],
        }),
      ],
    });
    expect(onMessage.sharedContacts).toEqual([{ phone: PHONE, origin: 'contact_request' }]);
    const onCard = one({
      messages: [
        msg({
          from_user_id: BSUID,
          type: 'contacts',
          contacts: [
            { origin: 'contact_request', phones: [{ phone: '+44 (7700) 900-123' }] },
            { phones: [] },
            { origin: 'other', phones: [{ phone: '+1 650 555 0000' }] },
          ],
        }),
      ],
    });
    // Only the card answering the contact request keeps its phone (data minimisation).
    expect(onCard.sharedContacts).toEqual([
      { phone: '+447700900123', origin: 'contact_request' },
      { phone: null, origin: null },
      { phone: null, origin: 'other' },
    ]);
  });

  it('rejects a BSUID in a phone field, naming the field', () => {
    const result = splitDelivery(
      metaDelivery({ messages: [msg({ from: BSUID, type: 'text' })] }),
      testContext(),
    );
    expect(result.events).toEqual([]);
    expect(result.failures[0]).toMatchObject({
      code: 'WAI_BAD_IDENTIFIER',
      field: 'entry[0].changes[0].value.messages[0].from',
    });
  });
});

describe('statuses', () => {
  it('reads a BSUID send: no recipient_id, contacts give the username', () => {
    const e = one({
      contacts: [{ profile: { username: 'sheena.n' }, user_id: BSUID }],
      statuses: [
        { id: 'wamid.S1', status: 'delivered', timestamp: '1749416400', recipient_user_id: BSUID },
      ],
    });
    expect(e).toMatchObject({
      eventType: 'STATUS',
      direction: 'OUT',
      status: 'delivered',
      messageId: 'wamid.S1',
      waid: BSUID,
      waidSource: 'BSUID',
      userHandle: 'sheena.n',
      messageType: null,
    });
  });

  it('accepts both spellings of the parent BSUID field', () => {
    for (const field of ['recipient_parent_user_id', 'parent_recipient_user_id']) {
      const e = one({
        statuses: [
          {
            id: 'wamid.S2',
            status: 'read',
            timestamp: '1',
            recipient_user_id: BSUID,
            [field]: PARENT,
          },
        ],
      });
      expect(e.parentBsuid).toBe(PARENT);
    }
  });

  it('takes the phone from the status contacts when recipient_id is absent', () => {
    const e = one({
      contacts: [{ wa_id: PHONE, user_id: BSUID }],
      statuses: [{ id: 'wamid.S3', status: 'read', timestamp: '1', recipient_user_id: BSUID }],
    });
    expect(e).toMatchObject({ phone: PHONE, waid: PHONE, sessionKey: PHONE });
  });

  it('reads a failed phone send with no contacts and no BSUID, keeping the error code', () => {
    const e = one({
      statuses: [
        {
          id: 'wamid.S4',
          status: 'failed',
          timestamp: '1',
          recipient_id: PHONE,
          errors: [{ code: 131026, title: 'Message undeliverable' }],
        },
      ],
    });
    expect(e).toMatchObject({ status: 'failed', phone: PHONE, bsuid: null, errorCode: '131026' });
  });

  it('does not read a group recipient id as a phone', () => {
    const e = one({
      statuses: [
        {
          id: 'wamid.S5',
          status: 'sent',
          timestamp: '1',
          recipient_id: '120363040000000000',
          recipient_type: 'group',
        },
      ],
    });
    expect(e.phone).toBeNull();
  });
});

describe('identity changes', () => {
  it('reads user_changed_number: from is the old phone, typed fields the new', () => {
    const e = one({
      messages: [
        msg({
          from: PHONE,
          type: 'system',
          system: {
            body: 'ignored',
            wa_id: NEW_PHONE,
            user_id: NEW_BSUID,
            previous_user_id: BSUID,
            type: 'user_changed_number',
          },
        }),
      ],
    });
    expect(e).toMatchObject({
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_number',
      phone: NEW_PHONE,
      previousPhone: PHONE,
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      waid: NEW_PHONE,
    });
  });

  it('falls back to the body when typed fields are missing (old shape)', () => {
    const e = one({
      messages: [
        msg({
          type: 'system',
          system: {
            body: `User X changed from ${PHONE} to ${NEW_PHONE}`,
            type: 'user_changed_number',
          },
        }),
      ],
    });
    expect(e).toMatchObject({ phone: NEW_PHONE, previousPhone: PHONE });
    const rot = one({
      messages: [
        msg({
          type: 'system',
          system: {
            body: `User X changed from ${BSUID} to ${NEW_BSUID}.`,
            type: 'user_changed_user_id',
          },
        }),
      ],
    });
    expect(rot).toMatchObject({
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      waid: NEW_BSUID,
      phone: null,
    });
  });

  it('reads user_changed_user_id with previous_* fields', () => {
    const e = one({
      messages: [
        msg({
          type: 'system',
          system: {
            body: 'x',
            user_id: NEW_BSUID,
            previous_user_id: BSUID,
            parent_user_id: PARENT,
            previous_parent_user_id: PARENT,
            type: 'user_changed_user_id',
          },
        }),
      ],
    });
    expect(e).toMatchObject({
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      parentBsuid: PARENT,
      previousParentBsuid: PARENT,
    });
  });

  it('rejects an identity change with no identifier anywhere', () => {
    const result = splitDelivery(
      metaDelivery({
        messages: [
          msg({ type: 'system', system: { body: 'changed', type: 'user_changed_user_id' } }),
        ],
      }),
      testContext(),
    );
    expect(result.failures[0]).toMatchObject({
      code: 'WAI_BAD_INPUT',
      field: 'entry[0].changes[0].value.messages[0].system',
    });
  });

  it('reads the legacy user_id_update field', () => {
    const e = one(
      {
        contacts: [{ profile: { name: 'Sheena' }, wa_id: NEW_PHONE }],
        user_id_update: [
          {
            wa_id: NEW_PHONE,
            detail: 'd',
            user_id: { previous: BSUID, current: NEW_BSUID },
            timestamp: '1753440300',
          },
        ],
      },
      'user_id_update',
    );
    expect(e).toMatchObject({
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_id_update',
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
      phone: NEW_PHONE,
      profileName: 'Sheena',
      occurredAt: 1753440300000,
      sourceField: 'user_id_update',
    });
  });

  it('keeps other system subtypes as messages with their raw JSON', () => {
    const e = one({
      messages: [
        msg({
          from: PHONE,
          type: 'system',
          system: { body: 'x', type: 'customer_identity_changed' },
        }),
      ],
    });
    expect(e).toMatchObject({ eventType: 'MESSAGE', messageType: 'customer_identity_changed' });
    expect(e.rawPayload).not.toBeNull();
  });
});

describe('other fields', () => {
  it('reads user_preferences with the BSUID on the item or in contacts', () => {
    const onItem = one(
      {
        user_preferences: [
          {
            wa_id: PHONE,
            user_id: BSUID,
            category: 'marketing_messages',
            value: 'stop',
            timestamp: '1',
          },
        ],
      },
      'user_preferences',
    );
    expect(onItem).toMatchObject({
      eventType: 'USER_PREFERENCE',
      bsuid: BSUID,
      preferenceCategory: 'marketing_messages',
      preferenceValue: 'stop',
    });
    const inContacts = one(
      {
        contacts: [{ user_id: BSUID }],
        user_preferences: [{ category: 'marketing_messages', value: 'resume', timestamp: '1' }],
      },
      'user_preferences',
    );
    expect(inContacts).toMatchObject({ bsuid: BSUID, waid: BSUID, preferenceValue: 'resume' });
  });

  it('reads smb_message_echoes as outbound events about the user in to / to_user_id', () => {
    const e = one(
      {
        message_echoes: [
          {
            from: '15550783881',
            to: PHONE,
            to_user_id: BSUID,
            id: 'wamid.E1',
            timestamp: '1',
            type: 'text',
            text: { body: 'hi' },
          },
        ],
      },
      'smb_message_echoes',
    );
    expect(e).toMatchObject({
      eventType: 'OUTBOUND',
      direction: 'OUT',
      phone: PHONE,
      bsuid: BSUID,
      messageType: 'text',
    });
  });

  it('carries an unknown field through with its raw value', () => {
    const e = one({ event: 'VERIFIED_ACCOUNT', timestamp: '1700000000' }, 'account_update');
    expect(e).toMatchObject({
      eventType: 'UNKNOWN',
      sourceField: 'account_update',
      waid: null,
      waidSource: 'NONE',
      occurredAt: 1700000000000,
    });
    expect(JSON.parse(present(e.rawPayload))).toMatchObject({ event: 'VERIFIED_ACCOUNT' });
  });
});
