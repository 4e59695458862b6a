// 8x8's own Chat Apps callbacks: what is refused, by field, and never guessed at (the shapes
// that are read are golden fixtures 60-64).
import { describe, expect, it } from '@jest/globals';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';
import { testContext } from '../split/test-context.js';

const BSUID = 'US.13491208655302741918';
const PARENT = 'US.ENT.11815799212886844830';

function dr(user: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    payload: {
      umid: 'u-1',
      subAccountId: 'acme_wa_01',
      channel: 'whatsapp',
      user,
      status: { state: 'delivered', timestamp: '2026-08-10T09:31:00.00Z' },
      ...extra,
    },
  };
}

const failures = (raw: unknown) =>
  splitDelivery(raw, testContext()).failures.map((f) => [f.code, f.field]);

describe('8x8 native callbacks', () => {
  it('reads a BSUID and a phone from one receipt', () => {
    const [event] = splitDelivery(
      dr({ msisdn: '+16505551234', channelUserId: BSUID }),
      testContext(),
    ).events;
    expect(event?.event).toMatchObject({
      bsuid: BSUID,
      phone: '+16505551234',
      status: 'delivered',
    });
  });

  it('refuses a parent BSUID or contradicting digits in channelUserId, naming the field', () => {
    expect(failures(dr({ channelUserId: PARENT }))).toEqual([
      ['WAI_BAD_INPUT', 'payload.user.channelUserId'],
    ]);
    expect(failures(dr({ msisdn: '+16505551234', channelUserId: '447700900123' }))).toEqual([
      ['WAI_BAD_INPUT', 'payload.user.channelUserId'],
    ]);
    expect(failures(dr({ channelUserId: 'sheena' }))).toEqual([
      ['WAI_BAD_IDENTIFIER', 'payload.user.channelUserId'],
    ]);
  });

  it('refuses another channel and a receipt without its business or user', () => {
    expect(failures(dr({ channelUserId: BSUID }, { channel: 'viber' }))).toEqual([
      ['WAI_BAD_INPUT', 'payload.channel'],
    ]);
    expect(failures(dr({ channelUserId: BSUID }, { subAccountId: undefined }))).toEqual([
      ['WAI_BAD_INPUT', 'payload.subAccountId'],
    ]);
    expect(failures(dr({ channelUserId: BSUID }, { user: 'x' }))).toEqual([
      ['WAI_BAD_INPUT', 'payload.user'],
    ]);
  });

  it('leaves an SMS callback of the same envelope to the DLQ as unknown', () => {
    expect(failures({ ...dr({ msisdn: '+16505551234' }), namespace: 'SMS' })).toEqual([
      ['WAI_UNKNOWN_ENVELOPE', '$'],
    ]);
  });
});
