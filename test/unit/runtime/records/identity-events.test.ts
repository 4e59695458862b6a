// Every item kind of the identity-events topic survives domain → Avro → bytes → Avro → domain
// unchanged, and records this version cannot represent fail with WAI_SCHEMA naming the field.
import { describe, expect, it } from '@jest/globals';
import type { WaiError } from '../../../../processors/domain/errors.js';
import {
  identityEventFromAvro,
  identityEventToAvro,
  type IdentityEventValue,
} from '../../../../processors/adapters/avro/records/identity-events.js';
import type { IdentityEventV1 } from '../../../../schemas/whatsapp.identity.events-value/v1.js';
import {
  AT,
  BSUID,
  LONG_BSUID,
  PORTFOLIO,
  entry,
  event,
  evidence,
  fullEvent,
  pointer,
  request,
  viaBytes,
} from './samples.js';

const SUBJECT = 'whatsapp.identity.events-value';
const key = (userKey: string) => `${PORTFOLIO}|${userKey}`;

function roundTrip(value: IdentityEventValue): IdentityEventValue {
  return identityEventFromAvro(viaBytes(SUBJECT, identityEventToAvro(value)));
}

const variants: [string, IdentityEventValue][] = [
  ['event, minimal', { type: 'event', event: event(), hops: 0 }],
  ['event, every field', { type: 'event', event: fullEvent(), hops: 3 }],
  ['event, no shared contacts', { type: 'event', event: event({ sharedContacts: [] }), hops: 0 }],
  [
    'event, UNKNOWN with raw payload',
    {
      type: 'event',
      event: event({
        eventType: 'UNKNOWN',
        rawPayload: '{"account_update":{}}',
        waid: null,
        waidSource: 'NONE',
        bsuid: null,
        sessionKey: null,
      }),
      hops: 0,
    },
  ],
  ['outbound to a BSUID', { type: 'outbound', request: request(), hops: 0 }],
  [
    'outbound to a phone, nested message',
    {
      type: 'outbound',
      request: request({
        waid: '+16505551234',
        waidKind: 'PHONE',
        message: {
          type: 'interactive',
          interactive: { action: { buttons: [{ id: 1, t: null }] } },
          biz_opaque_callback_data: 'ü',
        },
      }),
      hops: 2,
    },
  ],
  [
    'outbound to a parent BSUID',
    { type: 'outbound', request: request({ waid: 'US.ENT.1', waidKind: 'PARENT_BSUID' }), hops: 0 },
  ],
  [
    'linkPhone with evidence',
    {
      type: 'linkPhone',
      target: key(BSUID),
      at: AT,
      evidence: evidence(),
      handoverFrom: [key('US.1'), key(LONG_BSUID)],
    },
  ],
  [
    'linkPhone, hand-over',
    { type: 'linkPhone', target: key(BSUID), at: AT, evidence: null, handoverFrom: [] },
  ],
  [
    'absorb, announced',
    {
      type: 'absorb',
      source: key('phone:abc'),
      snapshot: entry(),
      announce: evidence({
        reason: 'CONTACT_REQUEST',
        messageId: null,
        wabaId: '1',
        businessPhoneNumberId: null,
        phoneInWebhook: false,
      }),
      hops: 1,
    },
  ],
  [
    'absorb, silent, pointer snapshot',
    { type: 'absorb', source: key('US.1'), snapshot: pointer(), announce: null, hops: 0 },
  ],
  ['supersede', { type: 'supersede', target: key(LONG_BSUID), at: AT, hops: 4 }],
  ['releasePhone', { type: 'releasePhone', phoneKey: key('phone:abc'), at: AT }],
  ['deleteContact', { type: 'deleteContact', at: AT, hops: 0 }],
  ['purgeIfPointsTo', { type: 'purgeIfPointsTo', targets: [key(BSUID), key('phone:abc')] }],
  ['purgeIfPointsTo, no targets', { type: 'purgeIfPointsTo', targets: [] }],
  ['setContactBook off', { type: 'setContactBook', enabled: false, at: AT }],
  ['setContactBook on', { type: 'setContactBook', enabled: true, at: 0 }],
  ['purgePortfolio broadcast', { type: 'purgePortfolio', portfolioId: PORTFOLIO, at: 2 ** 52 }],
];

describe('identity-events v1 mapping', () => {
  it.each(variants)('%s round-trips through Avro bytes', (_, value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('covers every item kind of the domain', () => {
    const kinds = new Set(variants.map(([, v]) => v.type));
    expect([...kinds].sort()).toEqual(Object.keys(identityEventToAvro(variants[0]![1])).sort());
  });

  it('sets exactly one field per record', () => {
    for (const [, value] of variants) {
      const set = Object.entries(identityEventToAvro(value)).filter(([, v]) => v !== null);
      expect(set.map(([k]) => k)).toEqual([value.type]);
    }
  });

  it('carries the outbound message as JSON text', () => {
    const avro = identityEventToAvro({ type: 'outbound', request: request(), hops: 0 });
    expect(JSON.parse(avro.outbound?.request.message ?? '')).toEqual(request().message);
  });

  it('copies lists: the Avro value does not alias the domain value', () => {
    const value: IdentityEventValue = { type: 'purgeIfPointsTo', targets: ['a'] };
    const avro = identityEventToAvro(value);
    avro.purgeIfPointsTo?.targets.push('b');
    expect(value.targets).toEqual(['a']);
  });
});

describe('identity-events v1 records this version cannot represent', () => {
  const none = identityEventToAvro({ type: 'deleteContact', at: AT, hops: 0 });
  none.deleteContact = null;

  function rejection(v: IdentityEventV1): WaiError {
    try {
      identityEventFromAvro(v);
    } catch (err) {
      return err as WaiError;
    }
    throw new Error('expected a rejection');
  }

  it('rejects a record with no kind set (a newer writer) as WAI_SCHEMA', () => {
    expect(rejection(none)).toMatchObject({
      code: 'WAI_SCHEMA',
      retriable: false,
      field: 'identity-events',
    });
  });

  it('rejects a record with two kinds set, naming them', () => {
    const two = {
      ...none,
      deleteContact: { at: AT, hops: 0 },
      setContactBook: { enabled: true, at: AT },
    };
    expect(rejection(two).message).toMatch(/deleteContact, setContactBook/);
  });

  it('rejects a string outside the domain union, naming the field', () => {
    const bad = identityEventToAvro({ type: 'event', event: event(), hops: 0 });
    bad.event!.event.waidSource = 'EMAIL';
    expect(rejection(bad)).toMatchObject({
      code: 'WAI_SCHEMA',
      field: 'identity-events.event.event.waidSource',
    });
    const via = identityEventToAvro({
      type: 'absorb',
      source: 'k',
      snapshot: entry(),
      announce: null,
      hops: 0,
    });
    via.absorb!.snapshot.contactBookVia = 'IMPORT';
    expect(rejection(via).field).toBe('identity-events.absorb.snapshot.contactBookVia');
  });

  it('rejects an outbound message that is not a JSON object with a type', () => {
    const bad = identityEventToAvro({ type: 'outbound', request: request(), hops: 0 });
    bad.outbound!.request.message = '[1]';
    expect(rejection(bad).field).toBe('identity-events.outbound.request.message');
    bad.outbound!.request.message = '{"text":{}}';
    expect(rejection(bad).message).toMatch(/no message type/);
    bad.outbound!.request.message = '{"type":';
    expect(rejection(bad).message).toMatch(/not valid JSON/);
  });
});
