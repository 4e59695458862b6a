// NormalizedEvent → data-stream v3 and back: every field subscribers get survives the bytes;
// the internal `sharedContacts` and `rawPayload` (which may hold a phone the masking rules
// withheld) never reach the topic, not even as bytes.
import { describe, expect, it } from '@jest/globals';
import type { NormalizedEvent } from '../../../../processors/domain/events/event.js';
import {
  dataStreamFromAvro,
  dataStreamToAvro,
} from '../../../../processors/adapters/avro/records/data-stream.js';
import { latestVersion } from '../../../../processors/adapters/avro/catalog.js';
import type { DataStreamEventV3 } from '../../../../schemas/whatsapp.data-stream-value/v3.js';
import { BSUID, PHONE, event, fullEvent, viaBytes } from './samples.js';

const SUBJECT = 'whatsapp.data-stream-value';
const withoutInternals = (e: NormalizedEvent) => ({ ...e, sharedContacts: null, rawPayload: null });

const variants: [string, NormalizedEvent][] = [
  ['a message from a user whose phone is withheld', event()],
  ['every field set', fullEvent()],
  [
    'a status with no identifier at all',
    event({
      eventType: 'STATUS',
      direction: 'OUT',
      waid: null,
      waidSource: 'NONE',
      bsuid: null,
      sessionKey: null,
      userHandle: null,
      profileName: null,
      messageType: null,
      status: 'failed',
      errorCode: '131026',
    }),
  ],
  [
    'a user preference',
    event({
      eventType: 'USER_PREFERENCE',
      messageId: null,
      messageType: null,
      preferenceCategory: 'marketing_messages',
      preferenceValue: 'resume',
      sourceField: 'user_preferences',
    }),
  ],
  [
    'an event from the epoch',
    event({ occurredAt: 0, provider: 'twilio', wabaId: null, businessPhoneNumberId: null }),
  ],
];

describe('data-stream v3 mapping', () => {
  it.each(variants)('%s round-trips through Avro bytes (internals dropped)', (_, e) => {
    expect(dataStreamFromAvro(viaBytes(SUBJECT, dataStreamToAvro(e)))).toEqual(withoutInternals(e));
  });

  it('writes no internal field: a phone shared on a card of a BSUID-only event is not in the bytes', () => {
    const e = event({
      sharedContacts: [{ phone: PHONE, origin: 'other' }],
      rawPayload: `{"wa_id":"${PHONE}"}`,
    });
    const avro = dataStreamToAvro(e);
    expect(Object.keys(avro)).not.toContain('sharedContacts');
    expect(Object.keys(avro)).not.toContain('rawPayload');
    const bytes = latestVersion(SUBJECT).type.toBuffer(avro);
    expect(bytes.includes(Buffer.from(PHONE))).toBe(false);
    expect(bytes.includes(Buffer.from(BSUID))).toBe(true);
  });

  it('names every field of the latest schema', () => {
    const fields = (latestVersion(SUBJECT).type as unknown as { fields: { name: string }[] })
      .fields;
    expect(Object.keys(dataStreamToAvro(fullEvent())).sort()).toEqual(
      fields.map((f) => f.name).sort(),
    );
  });

  it('refuses to read a v1-era record as a domain event, naming the missing field', () => {
    const v1Era: DataStreamEventV3 = {
      ...dataStreamToAvro(event()),
      direction: null,
      provider: null,
      portfolioId: null,
      waidSource: null,
      phoneSource: null,
    };
    expect(() => dataStreamFromAvro(v1Era)).toThrow(
      expect.objectContaining({ code: 'WAI_SCHEMA', field: 'data-stream.direction' }),
    );
    expect(() =>
      dataStreamFromAvro({ ...dataStreamToAvro(event()), eventType: 'VIDEO_CHAT' }),
    ).toThrow(expect.objectContaining({ field: 'data-stream.eventType' }));
  });
});
