// The Meta send body: exactly one of `to` / `recipient`, and no field of ours.
import { describe, expect, it } from '@jest/globals';
import { metaMessageBody } from '../../../processors/domain/outbound/body.js';

describe('metaMessageBody', () => {
  const message = { type: 'text', text: { body: 'hi' }, context: { message_id: 'wamid.1' } };

  it('addresses a phone with `to` and a BSUID with `recipient`, never both', () => {
    expect(metaMessageBody(message, { via: 'to', to: '16505551234' })).toEqual({
      messaging_product: 'whatsapp',
      to: '16505551234',
      ...message,
    });
    const byBsuid = metaMessageBody(message, { via: 'recipient', recipient: 'US.1' });
    expect(byBsuid).toMatchObject({
      messaging_product: 'whatsapp',
      recipient: 'US.1',
      type: 'text',
    });
    expect(byBsuid).not.toHaveProperty('to');
  });

  it('removes our authentication flag from the template and leaves the request untouched', () => {
    const otp = {
      type: 'template',
      template: { name: 'code', category: 'AUTHENTICATION', language: { code: 'en' } },
    };
    const body = metaMessageBody(otp, { via: 'to', to: '16505551234' });
    expect(body['template']).toEqual({ name: 'code', language: { code: 'en' } });
    expect(otp.template.category).toBe('AUTHENTICATION');
  });
});
