// Pipeline inputs for the equivalence tests: the golden fixtures' deliveries, a customer
// journey after the contact-book launch (so pairs are stored and later revealed), outbound
// requests and admin switches, each as the input-log record value and as the CLI's line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineInput } from './reference.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'normalize');
export const WABA = '102290129340398';
export const PNID = '106540352242922';
export const BSUID = 'US.13491208655302741918';
export const PHONE = '16505551234';

/** The environment both runners are configured from (loadConfig / normalize options). */
export const PIPELINE_ENV = {
  WAI_PORTFOLIO_MAP: JSON.stringify({
    wabas: { [WABA]: 'acme' },
    phoneNumbers: { '+14155238886': 'acme-twilio', [PNID]: 'acme' },
  }),
  WAI_KEY_SECRET: 'pipeline-test-secret-of-enough-length',
};

interface FixtureInput {
  delivery?: unknown;
  line?: string;
  context?: { receivedAt?: number; strictPortfolios?: boolean; portfolioMap?: unknown };
}

/** Fixtures whose context is at most a receipt time (the others change the config). */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.input.json'))
    .map((f) => f.slice(0, -'.input.json'.length))
    .filter((name) => {
      const { context } = read(name);
      return context === undefined || Object.keys(context).every((k) => k === 'receivedAt');
    })
    .sort();
}

function read(name: string): FixtureInput {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.input.json`), 'utf8')) as FixtureInput;
}

/**
 * A fixture as an input record. A form body given as a JSON-string line is written to Kafka
 * as the form body itself, the way Twilio posts it.
 */
export function fixtureInput(name: string, timestamp: number): PipelineInput {
  const fixture = read(name);
  const line = fixture.line ?? JSON.stringify(fixture.delivery);
  let value = line;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'string') value = parsed;
  } catch {
    // not JSON at all (a poison-pill fixture): written as is
  }
  return { value, line, timestamp: fixture.context?.receivedAt ?? timestamp };
}

export function rawInput(value: string, timestamp: number): PipelineInput {
  return { value, line: value, timestamp };
}

export function outboundInput(request: Record<string, unknown>, timestamp: number): PipelineInput {
  const text = JSON.stringify({ outbound: request });
  return { value: text, line: text, timestamp };
}

export function adminInput(admin: Record<string, unknown>, timestamp: number): PipelineInput {
  const text = JSON.stringify({ admin });
  return { value: text, line: text, timestamp };
}

/** A Meta inbound text from the user, with or without the phone (username users). */
export function metaInbound(messageId: string, iso: string, withPhone: boolean): string {
  return metaInboundFrom({ bsuid: BSUID, phone: withPhone ? PHONE : null }, messageId, iso);
}

/** A Meta inbound text from any user; `phone` null: the phone is withheld. */
export function metaInboundFrom(
  user: { bsuid: string; phone: string | null },
  messageId: string,
  iso: string,
): string {
  const { bsuid, phone } = user;
  const contact = phone !== null ? { wa_id: phone, user_id: bsuid } : { user_id: bsuid };
  const sender = phone !== null ? { from: phone, from_user_id: bsuid } : { from_user_id: bsuid };
  const timestamp = String(Date.parse(iso) / 1000);
  const message = { ...sender, id: messageId, timestamp, type: 'text', text: { body: 'hi' } };
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
              contacts: [{ profile: { name: 'Sheena', username: 'sheena.n' }, ...contact }],
              messages: [message],
            },
          },
        ],
      },
    ],
  });
}

/** After the contact-book launch: the pair is stored, revealed, routed to, then purged. */
export function journey(start: number): PipelineInput[] {
  const at = (i: number) => start + i * 1000;
  return [
    rawInput(metaInbound('wamid.J1', '2026-05-01T10:00:00Z', true), at(0)),
    rawInput(metaInbound('wamid.J2', '2026-08-01T10:00:00Z', false), at(1)),
    outboundInput(
      {
        requestId: 'req-1',
        businessPhoneNumberId: PNID,
        waid: BSUID,
        message: { type: 'text', text: { body: 'Your order shipped' } },
      },
      at(2),
    ),
    adminInput(
      { action: 'disableContactBook', portfolioId: 'acme', at: Date.parse('2026-08-03T00:00:00Z') },
      at(3),
    ),
    rawInput(metaInbound('wamid.J3', '2026-08-04T10:00:00Z', false), at(4)),
    adminInput(
      { action: 'enableContactBook', portfolioId: 'acme', at: Date.parse('2026-08-05T00:00:00Z') },
      at(5),
    ),
    rawInput(metaInbound('wamid.J4', '2026-08-06T10:00:00Z', true), at(6)),
    adminInput(
      {
        action: 'deleteContact',
        portfolioId: 'acme',
        bsuid: BSUID,
        at: Date.parse('2026-08-07T00:00:00Z'),
      },
      at(7),
    ),
    outboundInput(
      {
        requestId: 'req-2',
        businessPhoneNumberId: PNID,
        waid: PHONE,
        portfolioId: 'acme',
        requestedAt: Date.parse('2026-08-08T00:00:00Z'),
        message: { type: 'text', text: { body: 'hello again' } },
      },
      at(8),
    ),
  ];
}
