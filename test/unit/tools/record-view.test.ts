// What `read` prints: phones redacted by field in Avro values (BSUIDs and business ids
// shown), by pattern in raw bytes and headers; bytes that are not UTF-8 as base64.
import { describe, expect, it } from '@jest/globals';
import type { InputRecord } from '../../../processors/adapters/kafka/index.js';
import { redactAvroValue } from '../../../processors/applications/topics/redact-value.js';
import { tableLine, viewRecord } from '../../../processors/applications/topics/record-view.js';
import type { WriterDecoder } from '../../../processors/adapters/avro/writer-decoder.js';

const PHONE = '16505551234';

function record(value: Buffer | null, headers: InputRecord['headers'] = {}): InputRecord {
  return {
    topic: 't',
    partition: 1,
    offset: '7',
    key: Buffer.from('acme'),
    value,
    headers,
    timestamp: Date.parse('2026-12-03T10:00:00Z'),
  };
}

const decoder = (value: unknown): WriterDecoder => ({
  decode: () => Promise.resolve({ schemaId: 3, value }),
});

describe('redaction of decoded values', () => {
  it('redacts phone fields, keeps BSUIDs and business ids', () => {
    expect(
      redactAvroValue({
        waid: PHONE,
        phone: null,
        bsuid: 'US.13491208655302741918',
        businessPhoneNumberId: '106540352242922',
        entry: {
          phone: `+${PHONE}`,
          previousPhones: [PHONE, 'US.1'],
          lineage: [{ kind: 'PHONE_CHANGE', from: PHONE, to: 'US.2', eventId: 'e1', at: 1 }],
        },
        body: `{"to":"${PHONE}","type":"text"}`,
      }),
    ).toEqual({
      waid: '***34',
      phone: null,
      bsuid: 'US.13491208655302741918',
      businessPhoneNumberId: '106540352242922',
      entry: {
        phone: '***34',
        previousPhones: ['***34', 'US.1'],
        lineage: [{ kind: 'PHONE_CHANGE', from: '***34', to: 'US.2', eventId: 'e1', at: 1 }],
      },
      body: '{"to":"***34","type":"text"}',
    });
    expect(redactAvroValue({ waid: 'US.13491208655302741918' })).toEqual({
      waid: 'US.13491208655302741918',
    });
  });
});

describe('record views', () => {
  it('decodes Avro values, redacted unless phones are asked for', async () => {
    const r = record(Buffer.from([0, 0, 0, 0, 3]));
    const value = { waid: PHONE, eventType: 'MESSAGE' };
    const view = await viewRecord(r, { decoder: decoder(value), showPhones: false });
    expect(view).toEqual({
      topic: 't',
      partition: 1,
      offset: '7',
      timestamp: '2026-12-03T10:00:00.000Z',
      key: 'acme',
      headers: {},
      schemaId: 3,
      value: { waid: '***34', eventType: 'MESSAGE' },
    });
    const shown = await viewRecord(r, { decoder: decoder(value), showPhones: true });
    expect(shown.value).toEqual(value);
    expect(tableLine(view)).toBe(
      '1@7  2026-12-03T10:00:00.000Z  acme  waid=***34 eventType=MESSAGE',
    );
  });

  it('shows raw bytes as text or base64, headers too, and an undecodable value as such', async () => {
    const raw = await viewRecord(
      record(Buffer.from(`{"from":"${PHONE}"}`), {
        'wai.error.code': Buffer.from('WAI_BAD_INPUT'),
        bin: [Buffer.from([0xff, 0xfe])],
      }),
      { decoder: null, showPhones: false },
    );
    expect(raw.value).toBe('{"from":"***34"}');
    expect(raw.headers).toEqual({ 'wai.error.code': 'WAI_BAD_INPUT', bin: [{ base64: '//4=' }] });
    const bytes = await viewRecord(record(Buffer.from([0x7b, 0xff])), {
      decoder: null,
      showPhones: false,
    });
    expect(bytes.value).toEqual({ base64: 'e/8=' });
    const failing: WriterDecoder = { decode: () => Promise.reject(new Error('no schema 9')) };
    const broken = await viewRecord(record(Buffer.from([0, 0, 0, 0, 9])), {
      decoder: failing,
      showPhones: false,
    });
    expect(broken).toEqual(
      expect.objectContaining({ error: 'no schema 9', value: { base64: 'AAAAAAk=' } }),
    );
    expect(tableLine(broken)).toContain('(undecodable: no schema 9)');
    const tomb = await viewRecord(record(null), { decoder: decoder({}), showPhones: false });
    expect(tableLine(tomb)).toBe('1@7  2026-12-03T10:00:00.000Z  acme  (tombstone)');
  });
});
