// `wa-identity normalize` runs split + resolve with state kept across lines: the contact book
// learned from one line masks or reveals the phone on a later one, outbound and admin lines
// are handled in order, and the same input always gives the same output (event time only).
import { describe, expect, it } from '@jest/globals';
import { runCli } from './run-cli.js';

const BSUID = 'US.13491208655302741918';
const PHONE = '16505551234';
const PNID = '106540352242922';
const env = {
  WAI_PORTFOLIO_MAP: JSON.stringify({
    wabas: { '102290129340398': 'acme' },
    phoneNumbers: { [PNID]: 'acme' },
  }),
  WAI_KEY_SECRET: 'test-secret-of-sufficient-length',
};

function inbound(id: string, at: string, withPhone: boolean): string {
  const seconds = String(Date.parse(at) / 1000);
  const contact = withPhone ? { wa_id: PHONE, user_id: BSUID } : { user_id: BSUID };
  const sender = withPhone ? { from: PHONE, from_user_id: BSUID } : { from_user_id: BSUID };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PNID },
              contacts: [{ profile: { name: 'Sheena', username: 'sheena.n' }, ...contact }],
              messages: [{ ...sender, id, timestamp: seconds, type: 'text', text: { body: 'hi' } }],
            },
          },
        ],
      },
    ],
  });
}

const outbound = JSON.stringify({
  outbound: {
    requestId: 'req-1',
    businessPhoneNumberId: PNID,
    waid: BSUID,
    message: { type: 'text', text: { body: 'Your order shipped' } },
  },
});
const disable = JSON.stringify({
  admin: {
    action: 'disableContactBook',
    portfolioId: 'acme',
    at: Date.parse('2026-08-03T00:00:00Z'),
  },
});

const lines = [
  inbound('wamid.A', '2026-05-01T10:00:00Z', true), // after the launch: the pair is stored
  inbound('wamid.B', '2026-08-01T10:00:00Z', false), // phone withheld, > 30 days later
  outbound,
  disable,
  inbound('wamid.C', '2026-08-04T10:00:00Z', false),
].join('\n');

describe('wa-identity normalize (stateful)', () => {
  it('reveals a withheld phone from the contact book, routes outbound to it, and forgets it on purge', async () => {
    const r = await runCli(['normalize'], lines, env);
    expect(r.code).toBe(0);
    const data = r.records.filter((x) => x.topic === 'data-stream').map((x) => x.value);
    const byId = (id: string) => data.find((v) => v?.['messageId'] === id);
    expect(byId('wamid.A')).toMatchObject({ phone: PHONE, phoneSource: 'WEBHOOK', waid: PHONE });
    expect(byId('wamid.B')).toMatchObject({
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
      waid: PHONE,
      waidSource: 'PHONE',
      bsuid: BSUID,
    });
    expect(byId('wamid.C')).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
      waid: BSUID,
      waidSource: 'BSUID',
      sessionKey: BSUID,
    });

    const [sent] = r.records.filter((x) => x.topic === 'outbound').map((x) => x.value);
    const body = sent?.['body'] as Record<string, unknown>;
    expect(body['to']).toBe(PHONE);
    expect(body).not.toHaveProperty('recipient');
    const row = r.records.find((x) => x.topic === 'export-log' && x.value?.['logId'] === 'req-1');
    expect(row?.value).toMatchObject({ direction: 'OUT', routedVia: 'to', bsuid: BSUID });

    const tombstones = r.records.filter((x) => x.topic === 'contact-book' && x.value === null);
    expect(tombstones.length).toBeGreaterThan(0);
    for (const rec of r.records) expect(rec.key).not.toContain(PHONE);
  });

  it('gives the same output for the same input', async () => {
    const a = await runCli(['normalize'], lines, env);
    const b = await runCli(['normalize'], lines, env);
    expect(a.stdout).toBe(b.stdout);
  });

  it('sends a malformed outbound request to the dlq naming the field', async () => {
    const bad = JSON.stringify({
      outbound: { requestId: 'req-2', waid: BSUID, message: { type: 'text' } },
    });
    const r = await runCli(['normalize'], bad, env);
    expect(r.records.map((x) => x.topic)).toEqual(['dlq']);
    expect(JSON.stringify(r.records[0]?.value)).toContain('businessPhoneNumberId');
  });
});
