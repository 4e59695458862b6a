// Outbound send requests: the client's `waid` is a phone or a BSUID; the stage picks Meta's
// `to` (phone) or `recipient` (BSUID), never both, prefers the phone when the contact book
// knows it, refuses an authentication template it cannot address by phone (Meta 131062), and
// logs every request.
import { describe, expect, it } from '@jest/globals';
import {
  BPN,
  BSUID,
  event,
  newResolver,
  of,
  PHONE,
  PORTFOLIO,
  bsuidKey,
  phoneKeyOf,
  t,
} from '../fixtures.js';

const at = t('2026-07-01T10:00:00');
const text = { type: 'text', text: { body: 'Your order shipped' } };
const otp = {
  type: 'template',
  template: {
    name: 'login_code',
    category: 'AUTHENTICATION',
    language: { code: 'en_US' },
    components: [{ type: 'body', parameters: [{ type: 'text', text: '123456' }] }],
  },
};
const request = (waid: string, message: object = text, requestId = 'req-1') => ({
  outbound: { requestId, businessPhoneNumberId: BPN, waid, message, requestedAt: at },
});

describe('outbound routing', () => {
  it('sends to a phone with `to`, keyed without the phone in clear', () => {
    const resolver = newResolver();
    const out = resolver.process(request(PHONE));
    const [send] = out.filter((r) => r.topic === 'outbound');
    expect(send).toEqual({
      topic: 'outbound',
      key: phoneKeyOf(PHONE),
      value: {
        requestId: 'req-1',
        businessPhoneNumberId: BPN,
        portfolioId: PORTFOLIO,
        requestedAt: at,
        body: { messaging_product: 'whatsapp', to: PHONE, type: 'text', text: text.text },
      },
    });
    expect(send?.key).not.toContain(PHONE);
    expect(of(out, 'export-log')).toEqual([
      {
        logId: 'req-1',
        loggedAt: at,
        direction: 'OUT',
        portfolioId: PORTFOLIO,
        businessPhoneNumberId: BPN,
        waid: PHONE,
        waidSource: 'PHONE',
        phone: PHONE,
        phoneSource: 'WEBHOOK',
        bsuid: null,
        parentBsuid: null,
        userHandle: null,
        messageId: null,
        messageType: 'text',
        status: 'accepted',
        errorCode: null,
        routedVia: 'to',
        eventType: 'REQUEST',
        contactId: resolver.state.entry(phoneKeyOf(PHONE))?.contactId,
        requestId: 'req-1',
        previousBsuid: null,
        previousPhone: null,
        preferenceCategory: null,
        preferenceValue: null,
        previousContactId: null,
      },
    ]);
  });

  it('logs the BSUID associated with a phone once the contact book links them', () => {
    const resolver = newResolver();
    resolver.process({ event: event({ occurredAt: at - 1000, phone: PHONE, bsuid: BSUID }) });
    const out = resolver.process(request(PHONE));
    expect(of(out, 'export-log')[0]).toMatchObject({ bsuid: BSUID, routedVia: 'to' });
    expect(out.find((r) => r.topic === 'outbound')?.key).toBe(bsuidKey(BSUID));
  });

  it('sends to an unknown BSUID with `recipient` and no `to`', () => {
    const out = newResolver().process(request(BSUID));
    const body = out.find((r) => r.topic === 'outbound')?.value;
    expect(body).toMatchObject({ body: { messaging_product: 'whatsapp', recipient: BSUID } });
    expect(body).not.toHaveProperty('body.to');
    expect(of(out, 'export-log')[0]).toMatchObject({
      waid: BSUID,
      waidSource: 'BSUID',
      phone: null,
      phoneSource: 'NONE',
      bsuid: BSUID,
      routedVia: 'recipient',
    });
  });

  it('uses `to` for a BSUID whose phone the contact book holds (Meta’s advice)', () => {
    const resolver = newResolver();
    resolver.process({
      event: event({ occurredAt: t('2026-04-10T10:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    const out = resolver.process(request(BSUID));
    const body = out.find((r) => r.topic === 'outbound')?.value;
    expect(body).toMatchObject({ body: { to: PHONE } });
    expect(body).not.toHaveProperty('body.recipient');
    expect(of(out, 'export-log')[0]).toMatchObject({
      waid: PHONE,
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
      bsuid: BSUID,
      routedVia: 'to',
    });
  });

  it('rejects an authentication template to a BSUID without a known phone (131062), and logs it', () => {
    const out = newResolver().process(request(BSUID, otp));
    expect(out.filter((r) => r.topic === 'outbound')).toEqual([]);
    expect(of(out, 'dlq')).toEqual([
      expect.objectContaining({
        error: expect.objectContaining({
          code: 'WAI_OUTBOUND_REJECTED',
          message: expect.stringContaining('131062'),
        }),
      }),
    ]);
    expect(of(out, 'export-log')).toEqual([
      expect.objectContaining({
        status: 'rejected',
        errorCode: '131062',
        routedVia: null,
        bsuid: BSUID,
      }),
    ]);
  });

  it('sends an authentication template to a BSUID by phone when the contact book knows it', () => {
    const resolver = newResolver();
    resolver.process({
      event: event({ occurredAt: t('2026-04-10T10:00:00'), phone: PHONE, bsuid: BSUID }),
    });
    const out = resolver.process(request(BSUID, otp));
    const send = out.find((r) => r.topic === 'outbound')?.value;
    expect(send).toMatchObject({ body: { to: PHONE, type: 'template' } });
    // Our authentication flag is not a Meta field: it is not sent.
    expect(send).not.toHaveProperty('body.template.category');
  });

  it('sends a retried request (same requestId) once', () => {
    const resolver = newResolver();
    expect(of(resolver.process(request(BSUID)), 'outbound')).toHaveLength(1);
    expect(resolver.process(request(BSUID))).toEqual([]);
    expect(of(resolver.process(request(BSUID, text, 'req-2')), 'outbound')).toHaveLength(1);
  });

  it('sends a rejected request once a phone is known, under the same requestId', () => {
    const resolver = newResolver();
    expect(of(resolver.process(request(BSUID, otp)), 'dlq')).toHaveLength(1);
    resolver.process({ event: event({ occurredAt: at - 1, phone: PHONE, bsuid: BSUID }) });
    expect(of(resolver.process(request(BSUID, otp)), 'outbound')).toHaveLength(1);
  });
});
