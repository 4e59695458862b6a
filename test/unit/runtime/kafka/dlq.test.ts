import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../../processors/domain/errors.js';
import { DLQ_HEADERS, dlqRecord } from '../../../../processors/adapters/kafka/dlq.js';
import type { InputRecord } from '../../../../processors/adapters/kafka/records.js';

const input: InputRecord = {
  topic: 'whatsapp.webhooks.raw',
  partition: 4,
  offset: '1234',
  key: Buffer.from('waba-1'),
  value: Buffer.from([0x7b, 0xff]),
  headers: {
    'content-type': Buffer.from('application/json'),
    [DLQ_HEADERS.code]: Buffer.from('OLD'),
  },
  timestamp: 1767323045000,
};

describe('dlqRecord', () => {
  const at = Date.UTC(2026, 5, 1, 12, 0, 0);

  it('copies the original record and adds the error headers', () => {
    const error = new WaiError('WAI_BAD_INPUT', 'not JSON', { field: 'body' });
    const out = dlqRecord(input, error, { stage: 'split', topic: 'whatsapp.dlq', at });
    expect(out).toEqual({
      topic: 'whatsapp.dlq',
      key: input.key,
      value: input.value,
      timestamp: input.timestamp,
      headers: {
        'content-type': Buffer.from('application/json'),
        [DLQ_HEADERS.code]: 'WAI_BAD_INPUT',
        [DLQ_HEADERS.message]: 'not JSON',
        [DLQ_HEADERS.retriable]: 'false',
        [DLQ_HEADERS.topic]: 'whatsapp.webhooks.raw',
        [DLQ_HEADERS.partition]: '4',
        [DLQ_HEADERS.offset]: '1234',
        [DLQ_HEADERS.stage]: 'split',
        [DLQ_HEADERS.time]: '2026-06-01T12:00:00.000Z',
        [DLQ_HEADERS.count]: '1',
        [DLQ_HEADERS.fields]: 'body=WAI_BAD_INPUT',
      },
    });
  });

  it('sums up several failed items of one record in count and fields headers', () => {
    const error = new WaiError('WAI_BAD_IDENTIFIER', '3 items could not be processed: …');
    const out = dlqRecord(
      input,
      error,
      { stage: 'normalize', topic: 'dlq', at },
      {
        count: 3000,
        listed: [
          {
            code: 'WAI_BAD_IDENTIFIER',
            field: 'entry[0].changes[0].value.statuses[0].recipient_id',
          },
          { code: 'WAI_BAD_INPUT', field: null },
        ],
      },
    );
    expect(out.headers?.[DLQ_HEADERS.count]).toBe('3000');
    expect(out.headers?.[DLQ_HEADERS.fields]).toBe(
      'entry[0].changes[0].value.statuses[0].recipient_id=WAI_BAD_IDENTIFIER,$=WAI_BAD_INPUT',
    );
    expect(out.value).toBe(input.value);
  });

  it('classifies unknown errors and redacts phone numbers from the message', () => {
    const out = dlqRecord(input, new Error('no contact for +15551234567'), {
      stage: 'resolve',
      topic: 'dlq',
      at,
    });
    expect(out.headers?.[DLQ_HEADERS.code]).toBe('WAI_INTERNAL');
    expect(out.headers?.[DLQ_HEADERS.message]).toBe('no contact for ***67');
  });
});
