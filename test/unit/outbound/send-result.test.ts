// A send result in the input log: parsed with every problem named, and resolved as the
// STATUS event it stands for. Meta's user_id next to the phone links them (later events see
// the BSUID's phone), the export-log row joins the request's (same log id, Meta's message
// id, the route), and a refusal (131062) is a failed row with its error code.
import { describe, expect, it } from '@jest/globals';
import { parseSendResult } from '../../../processors/domain/outbound/send-result.js';
import type { ResultRecord } from '../../../processors/domain/stream/process-input.js';
import { BSUID, PIPELINE_ENV, PNID, metaInbound } from '../pipeline/inputs.js';
import { processLines } from '../pipeline/reference.js';

const PHONE = '16505559999';
const OTHER_BSUID = BSUID;

const run = (lines: string[]): ResultRecord[][] =>
  processLines(PIPELINE_ENV, lines, 1_786_000_000_000);

const request = JSON.stringify({
  outbound: {
    requestId: 'req-9',
    businessPhoneNumberId: PNID,
    waid: PHONE,
    message: { type: 'text', text: { body: 'hi' } },
    requestedAt: Date.parse('2026-08-01T10:00:00Z'),
  },
});
const sent = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    sendResult: {
      requestId: 'req-9',
      portfolioId: 'acme',
      businessPhoneNumberId: PNID,
      at: Date.parse('2026-08-01T10:00:01Z'),
      outcome: 'SENT',
      routedVia: 'to',
      address: PHONE,
      messageId: 'wamid.S1',
      contact: { input: PHONE, waId: PHONE, userId: OTHER_BSUID },
      ...fields,
    },
  });

const of = (records: ResultRecord[], topic: ResultRecord['topic']) =>
  records
    .filter((r) => r.topic === topic)
    .map((r) => r.value as unknown as Record<string, unknown>);

describe('send results', () => {
  it('link the phone to Meta’s user_id, and the export row joins the request by its id', () => {
    const [req = [], result = [], later = []] = run([
      request,
      sent(),
      metaInbound('wamid.L1', '2026-08-02T10:00:00Z', false),
    ]);
    expect(of(req, 'export-log')).toEqual([
      expect.objectContaining({ logId: 'req-9', status: 'accepted', messageId: null }),
    ]);
    expect(of(result, 'data-stream')).toEqual([
      expect.objectContaining({
        eventType: 'STATUS',
        direction: 'OUT',
        status: 'accepted',
        messageId: 'wamid.S1',
        bsuid: OTHER_BSUID,
        sourceField: 'send_response',
      }),
    ]);
    expect(of(result, 'export-log')).toEqual([
      expect.objectContaining({
        logId: 'req-9',
        messageId: 'wamid.S1',
        status: 'accepted',
        bsuid: OTHER_BSUID,
        routedVia: 'to',
      }),
    ]);
    // The phone-less message from that BSUID a day later shows the phone the send linked.
    expect(of(later, 'data-stream')).toEqual([
      expect.objectContaining({ bsuid: OTHER_BSUID, phone: PHONE, waidSource: 'PHONE' }),
    ]);
  });

  it('a refusal is a failed STATUS with Meta’s code, logged under the request id', () => {
    const [result = []] = run([
      sent({
        requestId: 'req-10',
        outcome: 'FAILED',
        routedVia: 'recipient',
        address: 'US.555',
        messageId: null,
        contact: null,
        error: { code: 131062, message: 'not supported' },
      }),
    ]);
    expect(of(result, 'export-log')).toEqual([
      expect.objectContaining({
        logId: 'req-10',
        status: 'failed',
        errorCode: '131062',
        bsuid: 'US.555',
        routedVia: 'recipient',
      }),
    ]);
  });

  it('names every problem of a malformed result', () => {
    const parsed = parseSendResult({
      requestId: '',
      outcome: 'MAYBE',
      routedVia: 'cc',
      contact: { waId: 'US.1', userId: '123456' },
    });
    expect(parsed.ok).toBe(false);
    const fields = parsed.ok ? [] : parsed.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'sendResult.requestId',
        'sendResult.portfolioId',
        'sendResult.businessPhoneNumberId',
        'sendResult.at',
        'sendResult.outcome',
        'sendResult.routedVia',
        'sendResult.address',
        'sendResult.contact.waId',
        'sendResult.contact.userId',
      ]),
    );
    const body = (JSON.parse(sent()) as { sendResult: Record<string, unknown> }).sendResult;
    const noId = parseSendResult({ ...body, messageId: null });
    expect(noId.ok ? [] : noId.problems.map((p) => p.field)).toEqual(['sendResult.messageId']);
  });
});
