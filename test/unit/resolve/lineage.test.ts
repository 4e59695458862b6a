// The commands between keys, one step at a time: each handler writes only its own key and
// asks other keys, by command, for everything else (one writer per key).
import { describe, expect, it } from '@jest/globals';
import type { LinkEvidence } from '../../../processors/domain/identity/commands.js';
import { compileResolverConfig } from '../../../processors/domain/identity/config.js';
import { freshEntry, type ContactEntry } from '../../../processors/domain/identity/entry.js';
import {
  absorb,
  linkPhone,
  releasePhone,
  supersede,
} from '../../../processors/domain/identity/lineage.js';
import { defaultSettings } from '../../../processors/domain/identity/portfolio.js';
import { BSUID, bsuidKey, hashPhone, NEW_BSUID, PHONE, phoneKeyOf, PORTFOLIO } from './fixtures.js';

const config = compileResolverConfig({ hashPhone, portfolioOf: () => null });
const settings = defaultSettings(PORTFOLIO);
const PK = phoneKeyOf(PHONE);
const A = bsuidKey(BSUID);
const B = bsuidKey(NEW_BSUID);
const evidence: LinkEvidence = {
  reason: 'PHONE_BSUID_PAIR',
  eventId: 'evt-9',
  messageId: 'wamid.9',
  occurredAt: 5000,
  provider: 'meta',
  wabaId: null,
  businessPhoneNumberId: '1',
  phoneInWebhook: true,
};
const link = (target: string, handoverFrom: string[] = [], ev: LinkEvidence | null = evidence) =>
  ({ type: 'linkPhone', target, at: 5000, evidence: ev, handoverFrom }) as const;
const customer = (key: string, fields: Partial<ContactEntry> = {}): ContactEntry => ({
  ...freshEntry(key, 1000),
  ...fields,
});

describe('linkPhone (on a phone key)', () => {
  it('creates an alias where nothing was', () => {
    const result = linkPhone(PK, undefined, link(B));
    expect(result.changes).toEqual([
      { kind: 'upsert', key: PK, entry: expect.objectContaining({ supersededBy: B, phone: null }) },
    ]);
    expect(result.commands).toEqual([]);
  });

  it('turns a phone-keyed customer into an alias and sends its history to the BSUID, to be announced', () => {
    const phoneCustomer = customer(PK, { phone: PHONE, firstSeenAt: 10 });
    const result = linkPhone(PK, phoneCustomer, link(B));
    expect(result.changes[0]).toMatchObject({ key: PK, entry: { supersededBy: B, phone: null } });
    expect(result.commands).toEqual([
      {
        key: B,
        item: { type: 'absorb', source: PK, snapshot: phoneCustomer, announce: evidence, hops: 0 },
      },
    ]);
  });

  it('re-points an alias and makes the previous owner forget the phone (a recycled number)', () => {
    const result = linkPhone(PK, customer(PK, { supersededBy: A }), link(B));
    expect(result.changes[0]).toMatchObject({ entry: { supersededBy: B } });
    expect(result.commands).toEqual([
      { key: A, item: { type: 'releasePhone', phoneKey: PK, at: 5000 } },
    ]);
  });

  it('does not release the phone from a previous id of the same user (its history is on the way)', () => {
    expect(linkPhone(PK, customer(PK, { supersededBy: A }), link(B, [A])).commands).toEqual([]);
    expect(linkPhone(PK, customer(PK, { supersededBy: A }), link(B, [], null)).commands).toEqual(
      [],
    );
  });

  it('changes nothing when the alias already points at the target', () => {
    expect(linkPhone(PK, customer(PK, { supersededBy: B }), link(B))).toMatchObject({
      changes: [],
      commands: [],
    });
  });
});

describe('supersede (on a previous id’s key)', () => {
  it('hands a customer’s history to the new id and leaves a pointer', () => {
    const old = customer(A, { phone: PHONE });
    const result = supersede(A, old, { type: 'supersede', target: B, at: 7000, hops: 0 });
    expect(result.changes).toEqual([
      {
        kind: 'upsert',
        key: A,
        entry: expect.objectContaining({ supersededBy: B, bsuid: BSUID, phone: null }),
      },
    ]);
    expect(result.commands).toEqual([
      { key: B, item: { type: 'absorb', source: A, snapshot: old, announce: null, hops: 0 } },
    ]);
  });

  it('leaves a pointer on an unknown id, so later events under it find the customer', () => {
    const result = supersede(A, undefined, { type: 'supersede', target: B, at: 7000, hops: 0 });
    expect(result.changes[0]).toMatchObject({ key: A, entry: { supersededBy: B } });
    expect(result.commands).toEqual([]);
  });

  it('passes the news down an alias chain (old-phone alias → old BSUID)', () => {
    const result = supersede(PK, customer(PK, { supersededBy: A }), {
      type: 'supersede',
      target: B,
      at: 7000,
      hops: 0,
    });
    expect(result.changes[0]).toMatchObject({ key: PK, entry: { supersededBy: B } });
    expect(result.commands).toEqual([
      { key: A, item: { type: 'supersede', target: B, at: 7000, hops: 1 } },
    ]);
  });
});

describe('absorb (on the surviving key)', () => {
  it('announces a merge once, with a deterministic id', () => {
    const snapshot = customer(PK, { phone: PHONE });
    const item = { type: 'absorb', source: PK, snapshot, announce: evidence, hops: 0 } as const;
    const first = absorb(B, customer(B, { phone: PHONE }), settings, item, config);
    const announced = first.outputs.map((o) => ({ topic: o.topic, value: o.value }));
    const change = {
      eventType: 'IDENTITY_CHANGE',
      bsuid: NEW_BSUID,
      previousPhone: PHONE,
      messageId: 'wamid.9',
    };
    // On the data stream, and as its own export-log row (issue 12 item 6).
    expect(announced).toEqual([
      { topic: 'data-stream', value: expect.objectContaining(change) },
      { topic: 'export-log', value: expect.objectContaining(change) },
    ]);
    const merged = first.changes[0];
    if (merged?.kind !== 'upsert') throw new Error('expected an upsert');
    expect(absorb(B, merged.entry, settings, item, config).outputs).toEqual([]);
  });

  it('forwards the history when the survivor itself was rotated away meanwhile', () => {
    const item = {
      type: 'absorb',
      source: PK,
      snapshot: customer(PK),
      announce: null,
      hops: 0,
    } as const;
    const result = absorb(B, customer(B, { supersededBy: A }), settings, item, config);
    expect(result.commands).toEqual([{ key: A, item: { ...item, hops: 1 } }]);
    expect(result.changes).toEqual([]);
  });

  it('re-points the phone alias when the survivor learns the phone from the history', () => {
    const item = {
      type: 'absorb',
      source: A,
      snapshot: customer(A, { phone: PHONE }),
      announce: null,
      hops: 0,
    } as const;
    const result = absorb(B, customer(B), settings, item, config);
    const relink = { type: 'linkPhone', target: B, at: 1000, evidence: null, handoverFrom: [A] };
    expect(result.commands).toEqual([{ key: PK, item: relink }]);
  });
});

describe('releasePhone', () => {
  it('moves the phone into the lineage and forgets its windows and contact-book pair', () => {
    const owner = customer(A, {
      phone: PHONE,
      inContactBook: true,
      contactBookVia: 'INTERACTION',
      lastInteractionAt: { '1': 4000 },
    });
    const result = releasePhone(A, owner, { type: 'releasePhone', phoneKey: PK, at: 5000 }, config);
    expect(result.changes[0]).toMatchObject({
      entry: { phone: null, previousPhones: [PHONE], inContactBook: false, lastInteractionAt: {} },
    });
  });

  it('ignores a release for another phone', () => {
    const owner = customer(A, { phone: '4915112345678' });
    expect(
      releasePhone(A, owner, { type: 'releasePhone', phoneKey: PK, at: 5000 }, config).changes,
    ).toEqual([]);
  });
});
