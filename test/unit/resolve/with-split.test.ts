// The resolve stage behind the core's real split, fed Meta webhook payloads (shapes from
// the identity facts, §1.7): pins the contract between the two stages' field names.
import { describe, expect, it } from '@jest/globals';
import { keyedPhoneHash } from '../../../processors/domain/identifiers/digest.js';
import { defaultEventKey } from '../../../processors/domain/events/event-key.js';
import { parsePortfolioMap } from '../../../processors/domain/webhooks/portfolio-map.js';
import { createMemoryResolver } from '../../../processors/domain/identity/memory-resolver.js';
import { readInput } from '../../../processors/domain/stream/input-log.js';
import type { OutputRecord } from '../../../processors/domain/identity/records.js';
import { Readable, Writable } from 'node:stream';
import { runNdjsonPipeline } from '../../../processors/applications/normalize/ndjson-pipeline.js';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';

const SECRET = 'with-split-test-secret';
const hashPhone = (phone: string) => keyedPhoneHash(SECRET, phone);
const WABA = '102290129340398';
const BPN = '106540352242922';
const OLD = 'US.13491208655302741918';
const NEW = 'US.24817305912873645029';
const PARENT = 'US.ENT.11815799212886844830';
const PHONE = '16505551234';
const NEW_PHONE = '12195555358';
const secs = (iso: string) => String(Date.parse(`${iso}Z`) / 1000);

function pipeline() {
  const resolver = createMemoryResolver({ hashPhone, portfolioOf: () => 'acme' });
  const ctx = {
    portfolios: parsePortfolioMap({ wabas: { [WABA]: 'acme' } }, 'test'),
    strictPortfolios: true,
    keyOf: defaultEventKey(hashPhone),
    receivedAt: null,
  };
  return (value: Record<string, unknown>, field = 'messages'): OutputRecord[] => {
    const metadata = { display_phone_number: '15550783881', phone_number_id: BPN };
    const delivery = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          changes: [{ field, value: { messaging_product: 'whatsapp', metadata, ...value } }],
        },
      ],
    };
    const split = splitDelivery(delivery, ctx);
    expect(split.failures).toEqual([]);
    return split.events.flatMap(({ event }) => resolver.process({ event }));
  };
}

const stream = (records: OutputRecord[]) =>
  records.filter((r) => r.topic === 'data-stream').map((r) => r.value);

const phoneUserText = (at: string, id: string) => ({
  contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: PHONE, user_id: OLD }],
  messages: [
    { from: PHONE, from_user_id: OLD, id, timestamp: secs(at), type: 'text', text: { body: 'Hi' } },
  ],
});

const usernameText = (at: string, id: string, bsuid = OLD) => ({
  contacts: [
    { profile: { name: 'Sheena', username: 'sheena.n' }, user_id: bsuid, parent_user_id: PARENT },
  ],
  messages: [
    {
      from_user_id: bsuid,
      from_parent_user_id: PARENT,
      id,
      timestamp: secs(at),
      type: 'text',
      text: { body: 'hello' },
    },
  ],
});

describe('resolve behind the real split', () => {
  it('shows the contact-book phone to a username user after June (payloads A then B)', () => {
    const run = pipeline();
    run(phoneUserText('2026-04-20T10:00:00', 'wamid.A'));
    const [july] = stream(run(usernameText('2026-07-20T10:00:00', 'wamid.B')));
    expect(july).toMatchObject({
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
      waid: PHONE,
      waidSource: 'PHONE',
      bsuid: OLD,
      parentBsuid: PARENT,
      userHandle: 'sheena.n',
    });
  });

  it('follows a phone number change (payload D) and keeps the contact-book status', () => {
    const run = pipeline();
    run(phoneUserText('2026-04-20T10:00:00', 'wamid.A'));
    const change = stream(
      run({
        messages: [
          {
            from: PHONE,
            id: 'wamid.D',
            timestamp: secs('2026-07-25T10:00:00'),
            type: 'system',
            system: {
              body: `User Sheena Nelson changed from ${PHONE} to ${NEW_PHONE}`,
              wa_id: NEW_PHONE,
              user_id: NEW,
              previous_user_id: OLD,
              type: 'user_changed_number',
            },
          },
        ],
      }),
    );
    expect(change).toEqual([
      expect.objectContaining({
        eventType: 'IDENTITY_CHANGE',
        phone: NEW_PHONE,
        previousPhone: PHONE,
        bsuid: NEW,
        previousBsuid: OLD,
      }),
    ]);
    const [later] = stream(run(usernameText('2026-10-01T10:00:00', 'wamid.X', NEW)));
    expect(later).toMatchObject({ bsuid: NEW, phone: NEW_PHONE, phoneSource: 'CONTACT_BOOK' });
    const [viaOld] = stream(run(usernameText('2026-10-01T11:00:00', 'wamid.Y', OLD)));
    expect(viaOld).toMatchObject({ bsuid: NEW, previousBsuid: OLD, phone: NEW_PHONE });
  });

  it('hands the history over on a rotation that still shows the phone', () => {
    const run = pipeline();
    run(phoneUserText('2026-04-20T10:00:00', 'wamid.A'));
    run({
      messages: [
        {
          from: PHONE,
          id: 'wamid.E',
          timestamp: secs('2026-07-25T10:00:00'),
          type: 'system',
          system: {
            body: 'rotated',
            user_id: NEW,
            previous_user_id: OLD,
            type: 'user_changed_user_id',
          },
        },
      ],
    });
    const [later] = stream(run(usernameText('2026-10-01T10:00:00', 'wamid.X', NEW)));
    expect(later).toMatchObject({ phone: PHONE, phoneSource: 'CONTACT_BOOK', bsuid: NEW });
  });

  it('accepts the legacy user_id_update field (payload F)', () => {
    const run = pipeline();
    run(phoneUserText('2026-04-20T10:00:00', 'wamid.A'));
    const change = stream(
      run(
        {
          contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: PHONE }],
          user_id_update: [
            {
              wa_id: PHONE,
              detail: 'User id for Sheena Nelson has been updated.',
              user_id: { previous: OLD, current: NEW },
              timestamp: secs('2026-07-25T10:00:00'),
            },
          ],
        },
        'user_id_update',
      ),
    );
    expect(change).toEqual([
      expect.objectContaining({ eventType: 'IDENTITY_CHANGE', bsuid: NEW, previousBsuid: OLD }),
    ]);
    const [later] = stream(run(usernameText('2026-10-01T10:00:00', 'wamid.X', OLD)));
    expect(later).toMatchObject({ bsuid: NEW, phone: PHONE, phoneSource: 'CONTACT_BOOK' });
  });

  it('links the phone of a card sent in answer to the contact request (origin on the message)', () => {
    const run = pipeline();
    run(usernameText('2026-07-01T10:00:00', 'wamid.1'));
    const [card] = stream(
      run({
        contacts: [{ profile: { username: 'sheena.n' }, user_id: OLD }],
        messages: [
          {
            from_user_id: OLD,
            id: 'wamid.2',
            timestamp: secs('2026-07-01T10:01:00'),
            type: 'contacts',
            origin: 'contact_request',
            contacts: [
              {
                name: { formatted_name: 'Sheena' },
                phones: [{ phone: '+1 (650) 555-1234', wa_id: PHONE }],
              },
            ],
          },
        ],
      }),
    );
    expect(card).toMatchObject({ phone: PHONE, phoneSource: 'USER_SHARED', waid: PHONE });
  });

  it('tells control lines from deliveries, and resolves them with the record time', () => {
    const routing = {
      split: {
        portfolios: parsePortfolioMap({ wabas: { [WABA]: 'acme' } }, 'test'),
        strictPortfolios: true,
        keyOf: defaultEventKey(hashPhone),
      },
      portfolioOf: () => 'acme',
    };
    const kind = (line: unknown) => readInput(JSON.stringify(line), 0, routing).kind;
    expect(kind({ outbound: {} })).toBe('outbound');
    expect(kind({ admin: {} })).toBe('admin');
    expect(kind({ object: 'whatsapp_business_account', entry: [] })).toBe('delivery');
    const resolver = createMemoryResolver({ hashPhone, portfolioOf: () => 'acme' });
    const sent = resolver.process({
      outbound: {
        requestId: 'r1',
        businessPhoneNumberId: BPN,
        waid: OLD,
        message: { type: 'text', text: { body: 'x' } },
        requestedAt: 1,
      },
    });
    expect(sent.map((r) => r.topic)).toEqual(['outbound', 'export-log', 'contact-book']);
    const timeless = resolver.process({
      outbound: {
        requestId: 'r2',
        businessPhoneNumberId: BPN,
        waid: OLD,
        message: { type: 'text', text: { body: 'x' } },
      },
      recordTimestamp: 1234,
    });
    expect(timeless.find((r) => r.topic === 'export-log')?.value).toMatchObject({
      loggedAt: 1234,
    });
    expect(
      resolver.process({ admin: { action: 'enableContactBook', portfolioId: 'acme', at: 1 } }),
    ).toEqual([]);
  });

  it('keeps state across NDJSON lines of the normalize pipeline', async () => {
    const resolver = createMemoryResolver({ hashPhone, portfolioOf: () => 'acme' });
    const envelope = (value: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: BPN },
                ...value,
              },
            },
          ],
        },
      ],
    });
    const lines = [
      phoneUserText('2026-04-20T10:00:00', 'wamid.A'),
      usernameText('2026-07-20T10:00:00', 'wamid.B'),
    ].map((v) => JSON.stringify(envelope(v)));
    let text = '';
    const output = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    await runNdjsonPipeline(Readable.from(lines.map((l) => `${l}\n`)), output, {
      routing: {
        split: {
          portfolios: parsePortfolioMap({ wabas: { [WABA]: 'acme' } }, 'test'),
          strictPortfolios: true,
          keyOf: defaultEventKey(hashPhone),
        },
        portfolioOf: () => 'acme',
      },
      resolver,
      receivedAt: () => 0,
    });
    const records = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { topic: string; key: string; value: Record<string, unknown> });
    const events = records.filter((r) => r.topic === 'data-stream').map((r) => r.value);
    expect(events.map((e) => [e['messageId'], e['phoneSource']])).toEqual([
      ['wamid.A', 'WEBHOOK'],
      ['wamid.B', 'CONTACT_BOOK'],
    ]);
    expect(records.some((r) => r.topic === 'contact-book')).toBe(true);
    for (const r of records) expect(r.key).not.toContain(PHONE);
  });
});
