// Meta's 30-day rule counts interactions the business starts: "the business phone number
// sent a message or call to that user's phone". A WhatsApp Business app echo to a phone opens
// the window (and, after the launch, links the pair), so a phone-less message two days later
// shows the phone; a send whose answer was lost (UNKNOWN) opens nothing. (Issue 12 item 2.)
import { describe, expect, it } from '@jest/globals';
import type { ResultRecord } from '../../../processors/domain/stream/process-input.js';
import { BSUID, PHONE, PIPELINE_ENV, PNID, WABA, metaInbound } from '../pipeline/inputs.js';
import { processLines } from '../pipeline/reference.js';

const run = (lines: string[], env: Record<string, string> = {}): ResultRecord[][] =>
  processLines({ ...PIPELINE_ENV, ...env }, lines, 1_790_000_000_000);

const dataStream = (records: ResultRecord[] | undefined) =>
  (records ?? []).filter((r) => r.topic === 'data-stream').map((r) => r.value);

function echo(iso: string): string {
  const echoed = {
    from: '15550783881',
    to: PHONE,
    to_user_id: BSUID,
    id: 'wamid.E1',
    timestamp: String(Date.parse(iso) / 1000),
    type: 'text',
    text: { body: 'Your order shipped' },
  };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA,
        changes: [
          {
            field: 'smb_message_echoes',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PNID },
              message_echoes: [echoed],
            },
          },
        ],
      },
    ],
  });
}

describe('business-initiated interactions', () => {
  it('an echo to the phone opens the window: two days later the phone is shown', () => {
    const [, later] = run([
      echo('2026-08-01T10:00:00Z'),
      metaInbound('wamid.L1', '2026-08-03T10:00:00Z', false),
    ]);
    expect(dataStream(later)).toEqual([
      expect.objectContaining({ bsuid: BSUID, phone: PHONE, waidSource: 'PHONE' }),
    ]);
  });

  it('a send with a lost answer (UNKNOWN) does not renew the window', () => {
    // No contact book (its launch is later): only the 30-day window can show the phone.
    const unknown = JSON.stringify({
      sendResult: {
        requestId: 'req-u',
        portfolioId: 'acme',
        businessPhoneNumberId: PNID,
        at: Date.parse('2026-07-12T10:00:00Z'),
        outcome: 'UNKNOWN',
        routedVia: 'to',
        address: PHONE,
        messageId: null,
        contact: null,
        error: { code: 'UNKNOWN', message: 'no answer' },
      },
    });
    const lines = [
      metaInbound('wamid.P1', '2026-06-01T10:00:00Z', true),
      unknown,
      metaInbound('wamid.L2', '2026-07-14T10:00:00Z', false),
    ];
    const [, , later] = run(lines, { WAI_CONTACT_BOOK_LAUNCH: '2030-01-01T00:00:00Z' });
    expect(dataStream(later)).toEqual([
      expect.objectContaining({ bsuid: BSUID, phone: null, waidSource: 'BSUID' }),
    ]);
    // The same send answered (SENT) renews it: the phone is shown again.
    const sent = unknown
      .replace('"UNKNOWN","routedVia"', '"SENT","routedVia"')
      .replace('"messageId":null', '"messageId":"wamid.S1"')
      .replace('"error":{"code":"UNKNOWN","message":"no answer"}', '"error":null');
    const [, , shown] = run([lines[0] ?? '', sent, lines[2] ?? ''], {
      WAI_CONTACT_BOOK_LAUNCH: '2030-01-01T00:00:00Z',
    });
    expect(dataStream(shown)).toEqual([expect.objectContaining({ bsuid: BSUID, phone: PHONE })]);
  });
});
