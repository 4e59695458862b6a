import { describe, expect, it } from '@jest/globals';
import { keyedPhoneHash } from '../../../processors/domain/identifiers/digest.js';
import { decodeDelivery } from '../../../processors/domain/webhooks/decode.js';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';
import { metaDelivery, TEST_SECRET, testContext } from './test-context.js';
import { present } from '../../helpers/present.js';

const BSUID = 'US.13491208655302741918';
const PHONE = '16505551234';

const text = (id: string, extra: Record<string, unknown> = {}) => ({
  from: PHONE,
  id,
  timestamp: '1749416383',
  type: 'text',
  text: { body: id },
  ...extra,
});

function multi() {
  const a = metaDelivery({
    messages: [text('wamid.1'), text('wamid.2')],
    statuses: [{ id: 'wamid.9', status: 'sent', timestamp: '1', recipient_id: PHONE }],
  });
  const b = metaDelivery(
    {
      contacts: [{ user_id: BSUID }],
      messages: [text('wamid.3', { from: undefined, from_user_id: BSUID })],
    },
    'messages',
    '999',
  );
  return {
    object: 'whatsapp_business_account',
    entry: [
      present(a.entry[0]),
      {
        ...present(b.entry[0]),
        changes: [...present(b.entry[0]).changes, present(present(a.entry[0]).changes[0])],
      },
    ],
  };
}

describe('splitDelivery', () => {
  it('turns one delivery with several entries, changes, messages and statuses into N events', () => {
    const r = splitDelivery(multi(), testContext());
    expect(r.failures).toEqual([]);
    // The repeated change in entry 2 adds nothing: same content, same ids.
    expect(r.events.map((e) => e.event.messageId)).toEqual([
      'wamid.1',
      'wamid.2',
      'wamid.9',
      'wamid.3',
    ]);
    expect(r.unmappedPortfolios).toEqual(['waba:999']);
  });

  it('gives the same ids to the same delivery and to a redelivery of one item', () => {
    const first = splitDelivery(multi(), testContext()).events.map((e) => e.event.eventId);
    expect(splitDelivery(multi(), testContext()).events.map((e) => e.event.eventId)).toEqual(first);
    const redelivered = splitDelivery(
      metaDelivery({ messages: [text('wamid.2')] }),
      testContext({ receivedAt: 77 }),
    );
    expect(present(redelivered.events[0]).event.eventId).toBe(first[1]);
  });

  it('derives ids from content, not position: each status step is its own event', () => {
    const ids = ['sent', 'delivered', 'read'].map(
      (status) =>
        present(
          splitDelivery(
            metaDelivery({
              statuses: [{ id: 'wamid.9', status, timestamp: '1', recipient_id: PHONE }],
            }),
            testContext(),
          ).events[0],
        ).event.eventId,
    );
    expect(new Set(ids).size).toBe(3);
    const inbound = present(
      splitDelivery(metaDelivery({ messages: [text('wamid.9')] }), testContext()).events[0],
    ).event.eventId;
    expect(ids).not.toContain(inbound);
  });

  it('keeps the good items when one item is bad', () => {
    const r = splitDelivery(
      metaDelivery({
        messages: [text('wamid.1'), text('wamid.2', { from: 'nope' }), { type: 'text' }],
      }),
      testContext(),
    );
    expect(r.events.map((e) => e.event.messageId)).toEqual(['wamid.1']);
    expect(r.failures.map((f) => f.field)).toEqual([
      'entry[0].changes[0].value.messages[1].from',
      'entry[0].changes[0].value.messages[2].id',
    ]);
  });

  it('keys by BSUID, else by a keyed phone hash, never a phone in clear', () => {
    const r = splitDelivery(
      metaDelivery({
        contacts: [{ wa_id: PHONE, user_id: BSUID }],
        messages: [text('wamid.1', { from_user_id: BSUID })],
      }),
      testContext(),
    );
    expect(present(r.events[0]).key).toBe(`acme|${BSUID}`);
    const phoneOnly = splitDelivery(metaDelivery({ messages: [text('wamid.2')] }), testContext());
    expect(present(phoneOnly.events[0]).key).toBe(
      `acme|phone:${keyedPhoneHash(TEST_SECRET, PHONE)}`,
    );
    expect(present(phoneOnly.events[0]).key).not.toContain(PHONE);
    const anonymous = splitDelivery(
      metaDelivery({ event: 'X' }, 'account_update'),
      testContext({ receivedAt: 1 }),
    );
    expect(present(anonymous.events[0]).key).toBe(
      `acme|evt:${present(anonymous.events[0]).event.eventId}`,
    );
  });

  it('rejects unmapped portfolios in strict mode, per event', () => {
    const r = splitDelivery(multi(), testContext({ strictPortfolios: true }));
    expect(r.events).toHaveLength(3);
    expect(r.failures).toEqual([expect.objectContaining({ code: 'WAI_UNMAPPED_PORTFOLIO' })]);
  });

  it('uses entry.time, then receipt time, when an item has no timestamp', () => {
    const d = metaDelivery({ event: 'X' }, 'account_update');
    (d.entry[0] as Record<string, unknown>)['time'] = 1700000000;
    expect(
      present(splitDelivery(d, testContext({ receivedAt: 5 })).events[0]).event.occurredAt,
    ).toBe(1700000000000);
    const noTime = metaDelivery({ event: 'X' }, 'account_update');
    expect(
      present(splitDelivery(noTime, testContext({ receivedAt: 5 })).events[0]).event.occurredAt,
    ).toBe(5);
  });

  it('reports an unknown envelope as one failure', () => {
    const r = splitDelivery({ foo: 1 }, testContext());
    expect(r).toMatchObject({
      provider: null,
      events: [],
      failures: [expect.objectContaining({ code: 'WAI_UNKNOWN_ENVELOPE' })],
    });
  });

  it('fills every field of the normalized event, with null for absent values', () => {
    const e = present(
      splitDelivery(metaDelivery({ messages: [text('wamid.1')] }), testContext()).events[0],
    ).event;
    expect(Object.values(e)).not.toContain(undefined);
    expect(Object.values(e)).not.toContain('');
    for (const field of [
      'eventId',
      'waid',
      'waidSource',
      'phoneSource',
      'sessionKey',
      'previousBsuid',
      'previousPhone',
      'userHandle',
      'sharedContacts',
    ]) {
      expect(e).toHaveProperty(field);
    }
  });
});

describe('decodeDelivery', () => {
  it('reads JSON objects, JSON strings and raw form bodies', () => {
    expect(decodeDelivery(' {"a":1} ')).toEqual({ a: 1 });
    expect(decodeDelivery('"From=x&To=y"')).toBe('From=x&To=y');
    expect(decodeDelivery('From=x&To=y')).toBe('From=x&To=y');
  });

  it('rejects broken JSON and empty input', () => {
    expect(() => decodeDelivery('{"a":')).toThrow(
      expect.objectContaining({ code: 'WAI_BAD_INPUT' }),
    );
    expect(() => decodeDelivery('  ')).toThrow(expect.objectContaining({ code: 'WAI_BAD_INPUT' }));
  });
});
