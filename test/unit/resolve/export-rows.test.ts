// Export rows for every transaction (issue 12 item 6): identity changes, preferences, echoes
// and calls get their export-log row, and an outbound message's rows (its request, its send
// result, Meta's statuses of it) share the request id, so an export joins them into one row
// with Meta's message id and its latest status.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../processors/applications/config.js';
import { RequestJoin } from '../../../processors/applications/export/join-requests.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import type { ExportLogRow } from '../../../processors/domain/identity/export-log.js';
import { createMemoryResolver } from '../../../processors/domain/identity/memory-resolver.js';
import { processInput } from '../../../processors/domain/stream/process-input.js';
import { BSUID, PHONE, PIPELINE_ENV, PNID, WABA } from '../pipeline/inputs.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'normalize');
const delivery = (name: string): string =>
  JSON.stringify(
    (
      JSON.parse(readFileSync(join(FIXTURES, `${name}.input.json`), 'utf8')) as {
        delivery: unknown;
      }
    ).delivery,
  );

/** The export-log rows of each line, in order. */
function rows(lines: string[]): ExportLogRow[][] {
  const domain = domainSettings(loadConfig(PIPELINE_ENV));
  const resolver = createMemoryResolver(domain.resolver);
  return lines.map((text, i) => {
    const out = processInput(
      resolver,
      { key: 'acme', text, timestamp: 1_790_000_000_000 + i },
      domain.routing,
    );
    resolver.state.commit();
    expect(out.failures).toEqual([]);
    return out.outputs.flatMap((r) => (r.topic === 'export-log' ? [r.value] : []));
  });
}

const at = (iso: string) => Date.parse(iso);

function status(wamid: string, value: string, iso: string, callback: string | null) {
  const st = {
    id: wamid,
    status: value,
    timestamp: String(at(iso) / 1000),
    recipient_id: PHONE,
    recipient_user_id: BSUID,
    ...(callback === null ? {} : { biz_opaque_callback_data: callback }),
  };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PNID },
              statuses: [st],
            },
          },
        ],
      },
    ],
  });
}

describe('export-log rows', () => {
  it('logs identity changes, preferences, echoes and calls, each with its kind and details', () => {
    const [rotation, preference, echo, calls] = rows([
      delivery('29-user-changed-user-id-with-previous'),
      delivery('35-user-preferences-stop-phone'),
      delivery('37-smb-echo-phone-and-bsuid'),
      delivery('65-calls-user-initiated'),
    ]);
    expect(rotation).toEqual([
      expect.objectContaining({ eventType: 'IDENTITY_CHANGE', previousBsuid: expect.any(String) }),
    ]);
    expect(preference).toEqual([
      expect.objectContaining({
        eventType: 'USER_PREFERENCE',
        preferenceCategory: 'marketing_messages',
        preferenceValue: 'stop',
      }),
    ]);
    expect(echo).toEqual([expect.objectContaining({ eventType: 'OUTBOUND', direction: 'OUT' })]);
    expect(calls?.map((r) => [r.eventType, r.status])).toEqual([
      ['CALL', 'connect'],
      ['CALL', 'COMPLETED'],
    ]);
    for (const row of [rotation, preference, echo, calls].flat()) {
      expect(row?.contactId).toEqual(expect.stringMatching(/^[0-9a-f]{32}$/));
    }
  });

  it('gives an outbound message one joined row: request, send result and statuses', () => {
    const request = {
      outbound: {
        requestId: 'req-9',
        businessPhoneNumberId: PNID,
        portfolioId: 'acme',
        waid: PHONE,
        requestedAt: at('2026-08-01T10:00:00Z'),
        message: { type: 'text', text: { body: 'Your order shipped' } },
      },
    };
    const sendResult = {
      sendResult: {
        requestId: 'req-9',
        portfolioId: 'acme',
        businessPhoneNumberId: PNID,
        at: at('2026-08-01T10:00:01Z'),
        outcome: 'SENT',
        routedVia: 'to',
        address: PHONE,
        messageId: 'wamid.S9',
        contact: { input: PHONE, waId: PHONE, userId: BSUID },
        error: null,
      },
    };
    const logged = rows([
      JSON.stringify(request),
      // Meta's webhook can come before the sender appended the answer: it joins all the same.
      status('wamid.S9', 'sent', '2026-08-01T10:00:01Z', 'req-9'),
      JSON.stringify(sendResult),
      status('wamid.S9', 'delivered', '2026-08-01T10:00:05Z', 'req-9'),
      status('wamid.S9', 'read', '2026-08-01T10:07:00Z', 'req-9'),
      status('wamid.OTHER', 'read', '2026-08-01T10:08:00Z', null),
    ]).flat();
    expect(logged.map((r) => r.requestId)).toEqual([
      'req-9',
      'req-9',
      'req-9',
      'req-9',
      'req-9',
      null,
    ]);

    const join = new RequestJoin();
    const now = logged.flatMap((row, i) => {
      const written = join.add({ row, recordTime: 1_000 + i });
      return written === null ? [] : [written.row];
    });
    expect(now.map((r) => r.messageId)).toEqual(['wamid.OTHER']);
    expect(join.joined()).toEqual([
      {
        recordTime: 1_000,
        row: expect.objectContaining({
          logId: 'req-9',
          eventType: 'REQUEST',
          loggedAt: at('2026-08-01T10:00:00Z'),
          messageId: 'wamid.S9',
          messageType: 'text',
          routedVia: 'to',
          status: 'read',
          phone: PHONE,
          bsuid: BSUID,
          requestId: 'req-9',
        }),
      },
    ]);
  });

  it('joins the same whatever order the rows are read in (partitions interleave)', () => {
    const logged = rows([
      JSON.stringify({
        outbound: {
          requestId: 'req-o',
          businessPhoneNumberId: PNID,
          portfolioId: 'acme',
          waid: BSUID,
          requestedAt: at('2026-08-01T10:00:00Z'),
          message: { type: 'text', text: { body: 'hi' } },
        },
      }),
      status('wamid.O1', 'delivered', '2026-08-01T10:00:03Z', 'req-o'),
      status('wamid.O1', 'read', '2026-08-01T10:09:00Z', 'req-o'),
    ]).flat();
    const joinIn = (order: typeof logged) => {
      const join = new RequestJoin();
      order.forEach((row, i) => join.add({ row, recordTime: 5_000 - i }));
      return join.joined().map((j) => j.row);
    };
    const forward = joinIn(logged);
    expect(forward).toEqual([
      expect.objectContaining({ logId: 'req-o', status: 'read', messageId: 'wamid.O1' }),
    ]);
    expect(joinIn([...logged].reverse())).toEqual(forward);
  });

  it('keeps a refused send joined with its error code', () => {
    const join = new RequestJoin();
    const base = rows([
      JSON.stringify({
        outbound: {
          requestId: 'req-f',
          businessPhoneNumberId: PNID,
          portfolioId: 'acme',
          waid: PHONE,
          requestedAt: at('2026-08-01T10:00:00Z'),
          message: { type: 'text', text: { body: 'hi' } },
        },
      }),
      JSON.stringify({
        sendResult: {
          requestId: 'req-f',
          portfolioId: 'acme',
          businessPhoneNumberId: PNID,
          at: at('2026-08-01T10:00:01Z'),
          outcome: 'FAILED',
          routedVia: 'to',
          address: PHONE,
          messageId: null,
          contact: null,
          error: { code: '131026', message: 'undeliverable' },
        },
      }),
    ]).flat();
    for (const row of base) expect(join.add({ row, recordTime: 0 })).toBeNull();
    expect(join.joined().map((j) => [j.row.status, j.row.errorCode, j.row.messageId])).toEqual([
      ['failed', '131026', null],
    ]);
  });
});
