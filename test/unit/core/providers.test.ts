import { describe, expect, it } from '@jest/globals';
import type { ProviderAdapter } from '../../../processors/domain/webhooks/providers/adapter.js';
import { parseFormBody } from '../../../processors/domain/webhooks/providers/form-body.js';
import {
  DEFAULT_ADAPTERS,
  selectAdapter,
} from '../../../processors/domain/webhooks/providers/registry.js';
import { makeDraft } from '../../../processors/domain/events/draft.js';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';
import { metaDelivery, testContext } from '../split/test-context.js';
import { present } from '../../helpers/present.js';

const BSUID = 'US.13491208655302741918';
const inbound = metaDelivery({
  contacts: [{ user_id: BSUID }],
  messages: [
    {
      from_user_id: BSUID,
      id: 'wamid.P1',
      timestamp: '1749416383',
      type: 'text',
      text: { body: 'x' },
    },
  ],
});

describe('adapter selection', () => {
  it('picks exactly one adapter by shape', () => {
    expect(selectAdapter(inbound).name).toBe('meta');
    expect(selectAdapter({ eventDetails: { rawEvent: {} } }).name).toBe('8x8');
    expect(selectAdapter('MessageSid=SM1&From=whatsapp%3A%2B1&To=x').name).toBe('twilio');
  });

  it('rejects an envelope nobody recognizes instead of guessing', () => {
    for (const raw of [
      { hello: 'world' },
      { object: 'page', entry: [] },
      'just text',
      42,
      null,
      [],
    ]) {
      expect(() => selectAdapter(raw)).toThrow(
        expect.objectContaining({ code: 'WAI_UNKNOWN_ENVELOPE' }),
      );
    }
  });

  it('rejects a delivery two adapters both claim', () => {
    const clone: ProviderAdapter = { ...present(DEFAULT_ADAPTERS[0]), name: '8x8' };
    expect(() => selectAdapter(inbound, [...DEFAULT_ADAPTERS, clone])).toThrow(/ambiguous/);
  });

  it('lets a new provider plug in as one more adapter', () => {
    const acme: ProviderAdapter = {
      name: 'twilio',
      matches: (raw) => typeof raw === 'object' && raw !== null && 'acme' in raw,
      unwrap: () => ({
        drafts: [
          makeDraft(
            {
              eventType: 'MESSAGE',
              direction: 'IN',
              sourceField: null,
              occurredAt: 5,
              wabaId: '102290129340398',
              businessPhoneNumberId: null,
              idParts: ['m', '1'],
            },
            { messageId: '1' },
          ),
        ],
        errors: [],
      }),
    };
    const result = splitDelivery(
      { acme: true },
      testContext({ adapters: [...DEFAULT_ADAPTERS, acme] }),
    );
    expect(result.events.map((e) => e.event.messageId)).toEqual(['1']);
  });
});

describe('8x8 CABM wrapper', () => {
  const change = present(present(inbound.entry[0]).changes[0]);
  const wrapper = (rawEvent: unknown) => ({
    eventId: 'e-1',
    timestamp: '2026-07-28T10:00:00.000Z',
    provider: 'WhatsApp',
    businessAccountId: '102290129340398',
    eventType: 'whatsapp_messages',
    eventDetails: { rawEvent },
  });

  it('unwraps a Meta change object, taking the WABA from businessAccountId', () => {
    const r = splitDelivery(wrapper(change), testContext());
    expect(r.failures).toEqual([]);
    expect(present(r.events[0]).event).toMatchObject({
      provider: '8x8',
      wabaId: '102290129340398',
      portfolioId: 'acme',
      bsuid: BSUID,
    });
  });

  it('unwraps a full Meta envelope and JSON text alike', () => {
    const full = splitDelivery(wrapper(inbound), testContext());
    const text = splitDelivery(wrapper(JSON.stringify(change)), testContext());
    expect(present(full.events[0]).event.eventId).toBe(present(text.events[0]).event.eventId);
  });

  it('uses the envelope time for items that have none', () => {
    const noTime = { field: 'account_update', value: { event: 'X' } };
    const r = splitDelivery(wrapper(noTime), testContext());
    expect(present(r.events[0]).event.occurredAt).toBe(Date.UTC(2026, 6, 28, 10));
  });

  it('rejects a rawEvent that is no Meta payload', () => {
    const r = splitDelivery(wrapper({ nope: 1 }), testContext());
    expect(r.failures[0]).toMatchObject({ code: 'WAI_BAD_INPUT', field: 'eventDetails.rawEvent' });
  });
});

describe('Twilio form fields', () => {
  const body =
    'SmsMessageSid=SM11&NumMedia=0&ProfileName=Sheena&MessageType=text&SmsStatus=received&Body=hi' +
    '&To=whatsapp%3A%2B14155238886&MessageSid=SM11&AccountSid=AC1&From=whatsapp%3A%2B16505551234&WaId=16505551234';

  it('decodes form text: From is the user, To the business', () => {
    const r = splitDelivery(body, testContext({ receivedAt: 1000 }));
    expect(r.failures).toEqual([]);
    expect(present(r.events[0]).event).toMatchObject({
      provider: 'twilio',
      eventType: 'MESSAGE',
      direction: 'IN',
      phone: '+16505551234',
      businessPhoneNumberId: '+14155238886',
      portfolioId: 'acme',
      profileName: 'Sheena',
      messageId: 'SM11',
      occurredAt: 1000,
    });
  });

  it('reads the BSUID from From, ExternalUserId or ExternalUserIdentifier', () => {
    const base = { MessageSid: 'SM12', To: 'whatsapp:+14155238886', AccountSid: 'AC1' };
    for (const extra of [
      { From: `whatsapp:${BSUID}` },
      { From: `whatsapp:${BSUID}`, ExternalUserId: BSUID },
      { From: `whatsapp:${BSUID}`, ExternalUserIdentifier: BSUID },
    ]) {
      const e = present(
        splitDelivery({ ...base, ...extra }, testContext({ receivedAt: 1 })).events[0],
      ).event;
      expect(e).toMatchObject({ bsuid: BSUID, phone: null, waid: BSUID, waidSource: 'BSUID' });
    }
    const both = present(
      splitDelivery(
        {
          ...base,
          From: 'whatsapp:+16505551234',
          ExternalUserId: BSUID,
          ParentExternalUserId: 'US.ENT.7',
        },
        testContext({ receivedAt: 1 }),
      ).events[0],
    ).event;
    const phoneAndIdentifier = present(
      splitDelivery(
        { ...base, From: 'whatsapp:+16505551234', ExternalUserIdentifier: BSUID },
        testContext({ receivedAt: 1 }),
      ).events[0],
    ).event;
    expect(phoneAndIdentifier).toMatchObject({ phone: '+16505551234', bsuid: BSUID });
    expect(both).toMatchObject({
      phone: '+16505551234',
      bsuid: BSUID,
      parentBsuid: 'US.ENT.7',
      sessionKey: '+16505551234',
    });
  });

  it('rejects an ExternalUserId that contradicts From', () => {
    const r = splitDelivery(
      {
        MessageSid: 'SM13',
        From: `whatsapp:${BSUID}`,
        To: 'whatsapp:+14155238886',
        ExternalUserId: 'US.1',
      },
      testContext({ receivedAt: 1 }),
    );
    expect(r.failures[0]).toMatchObject({ code: 'WAI_BAD_INPUT', field: 'ExternalUserId' });
  });

  it('reads a status callback: To is the user, the error code is kept', () => {
    const e = present(
      splitDelivery(
        {
          MessageSid: 'SM14',
          MessageStatus: 'failed',
          ErrorCode: '63016',
          From: 'whatsapp:+14155238886',
          To: `whatsapp:${BSUID}`,
        },
        testContext({ receivedAt: 1 }),
      ).events[0],
    ).event;
    expect(e).toMatchObject({
      eventType: 'STATUS',
      direction: 'OUT',
      status: 'failed',
      errorCode: '63016',
      bsuid: BSUID,
      businessPhoneNumberId: '+14155238886',
    });
  });

  it('derives the message type from older payloads', () => {
    const type = (f: Record<string, string>) =>
      present(
        splitDelivery(
          { MessageSid: 'SM15', From: 'whatsapp:+16505551234', To: 'whatsapp:+14155238886', ...f },
          testContext({ receivedAt: 1 }),
        ).events[0],
      ).event.messageType;
    expect(type({ Latitude: '1', Longitude: '2' })).toBe('location');
    expect(type({ ButtonPayload: 'p' })).toBe('button');
    expect(type({ NumMedia: '1', MediaContentType0: 'image/jpeg' })).toBe('image');
    expect(type({ NumMedia: '1', MediaContentType0: 'application/pdf' })).toBe('document');
    expect(type({ Body: 'x' })).toBe('text');
  });

  it('needs a receipt time because Twilio sends no event time', () => {
    const r = splitDelivery(body, testContext());
    expect(r.failures[0]).toMatchObject({ code: 'WAI_BAD_INPUT', field: 'timestamp' });
  });

  it('parses form bodies keeping the first of repeated keys', () => {
    expect(parseFormBody('a=1&b=%2B2&a=3')).toEqual({ a: '1', b: '+2' });
  });
});
