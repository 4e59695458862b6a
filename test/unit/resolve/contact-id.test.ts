// contactId (issue 12 item 8): one id per person and portfolio, on every data-stream and
// export-log record, unchanged by masking, username changes, BSUID rotation and phone change;
// when two known customers prove to be one, the root known longest wins, already on the
// event that proves it; the same input log gives the same ids, also after a restart.
import { describe, expect, it } from '@jest/globals';
import {
  contactBookFromAvro,
  contactBookToAvro,
  isContactEntry,
} from '../../../processors/adapters/avro/records/contact-book.js';
import {
  ContactBookState,
  type ContactBookValue,
} from '../../../processors/domain/identity/contact-book-state.js';
import { contactIdOf } from '../../../processors/domain/identity/contact-id.js';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import type { ResolverInput } from '../../../processors/domain/identity/memory-resolver.js';
import type { OutputRecord } from '../../../processors/domain/identity/records.js';
import {
  BSUID,
  NEW_BSUID,
  NEW_PHONE,
  OTHER_PORTFOLIO,
  PHONE,
  PORTFOLIO,
  event,
  hashPhone,
  newResolver,
  of,
  t,
} from './fixtures.js';

const ids = (records: OutputRecord[]) => [
  ...of(records, 'data-stream').map((e) => e.contactId),
  ...of(records, 'export-log').map((r) => r.contactId),
];

/** Every record's contactId, per input. */
function contactIds(inputs: ResolverInput[]): (string | null)[][] {
  const resolver = newResolver();
  return inputs.map((input) => ids(resolver.process(input)));
}

const msg = (iso: string, fields: Partial<NormalizedEvent>): ResolverInput => ({
  event: event({ ...fields, occurredAt: t(iso) }),
});

describe('contactId', () => {
  it('is the same whether the phone is shown or withheld, and through username changes', () => {
    const all = contactIds([
      msg('2026-05-01T10:00:00', { phone: PHONE, bsuid: BSUID, userHandle: 'sheena.n' }),
      msg('2026-09-01T10:00:00', { bsuid: BSUID, userHandle: 'sheena.nelson' }),
      msg('2026-09-02T10:00:00', { phone: PHONE }),
    ]).flat();
    expect(all).toHaveLength(6);
    // Known first by its BSUID together with the phone: the phone's key is not the root.
    expect(new Set(all)).toEqual(new Set([contactIdOf(PORTFOLIO, BSUID)]));
  });

  it('follows a BSUID rotation and a phone change, and late events under the old ids', () => {
    const first = msg('2026-05-01T10:00:00', { phone: PHONE, bsuid: BSUID });
    const rotation = msg('2026-07-01T10:00:00', {
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_user_id',
      bsuid: NEW_BSUID,
      previousBsuid: BSUID,
    });
    const late = msg('2026-07-02T10:00:00', { bsuid: BSUID });
    const numberChange = msg('2026-08-01T10:00:00', {
      eventType: 'IDENTITY_CHANGE',
      messageType: 'user_changed_number',
      phone: NEW_PHONE,
      bsuid: 'US.99999999999999999999',
      previousBsuid: NEW_BSUID,
      previousPhone: PHONE,
    });
    const afterwards = msg('2026-08-02T10:00:00', { phone: NEW_PHONE });
    const all = contactIds([first, rotation, late, numberChange, afterwards]);
    expect(all.every((records) => records.length > 0)).toBe(true);
    expect(new Set(all.flat())).toEqual(new Set([contactIdOf(PORTFOLIO, BSUID)]));
  });

  it('keeps the root known longest when two customers merge, from the proving event on', () => {
    const phoneOnly = msg('2026-03-01T10:00:00', { phone: PHONE }); // before BSUIDs existed
    const bsuidOnly = msg('2026-06-01T10:00:00', { bsuid: BSUID });
    const proof = msg('2026-06-02T10:00:00', { phone: PHONE, bsuid: BSUID });
    const later = msg('2026-06-03T10:00:00', { bsuid: BSUID });
    const [p, b, proved, after] = contactIds([phoneOnly, bsuidOnly, proof, later]);
    const phoneRoot = contactIdOf(PORTFOLIO, `phone:${hashPhone(PHONE)}`);
    expect(p).toEqual([phoneRoot, phoneRoot]);
    // Until the proof the BSUID customer is somebody else: its own id.
    expect(b).toEqual([contactIdOf(PORTFOLIO, BSUID), contactIdOf(PORTFOLIO, BSUID)]);
    // The proof (its message and the merge's IDENTITY_CHANGE) and everything after: the phone's.
    expect(proved?.length).toBeGreaterThanOrEqual(3);
    expect(new Set([...(proved ?? []), ...(after ?? [])])).toEqual(new Set([phoneRoot]));
  });

  it('names the id a merge retired on its IDENTITY_CHANGE, stream and export row alike', () => {
    const resolver = newResolver();
    resolver.process(msg('2026-03-01T10:00:00', { phone: PHONE }));
    resolver.process(msg('2026-06-01T10:00:00', { bsuid: BSUID }));
    const out = resolver.process(msg('2026-06-02T10:00:00', { phone: PHONE, bsuid: BSUID }));
    const merge = {
      eventType: 'IDENTITY_CHANGE',
      contactId: contactIdOf(PORTFOLIO, `phone:${hashPhone(PHONE)}`),
      previousContactId: contactIdOf(PORTFOLIO, BSUID),
    };
    expect(of(out, 'data-stream')).toContainEqual(expect.objectContaining(merge));
    expect(of(out, 'export-log')).toContainEqual(expect.objectContaining(merge));
    // A message is no merge: it names no retired id.
    expect(of(out, 'data-stream')[0]?.previousContactId).toBeNull();
  });

  it('is per portfolio, null for an event naming nobody, and the same on replay', () => {
    const inputs = [
      msg('2026-05-01T10:00:00', { bsuid: BSUID }),
      msg('2026-05-01T10:00:00', { bsuid: BSUID, portfolioId: OTHER_PORTFOLIO }),
      msg('2026-05-02T10:00:00', { eventType: 'UNKNOWN' }),
    ];
    const [mine, theirs, nobody] = contactIds(inputs);
    expect(mine?.[0]).not.toEqual(theirs?.[0]);
    expect(theirs?.[0]).toBe(contactIdOf(OTHER_PORTFOLIO, BSUID));
    expect(nobody).toEqual([null]);
    expect(contactIds(inputs)).toEqual([mine, theirs, nobody]);
  });

  it('survives a restart from the contact-book topic (Avro), merged roots included', () => {
    const resolver = newResolver();
    const book: { key: string; value: ContactBookValue | null }[] = [];
    for (const input of [
      msg('2026-03-01T10:00:00', { phone: PHONE }),
      msg('2026-06-01T10:00:00', { bsuid: BSUID }),
      msg('2026-06-02T10:00:00', { phone: PHONE, bsuid: BSUID }),
    ]) {
      for (const r of resolver.process(input)) if (r.topic === 'contact-book') book.push(r);
    }
    const restored = new ContactBookState();
    for (const { key, value } of book) {
      restored.restore(key, value === null ? null : contactBookFromAvro(contactBookToAvro(value)));
    }
    const entries = [...restored.entries().values()].filter(isContactEntry);
    expect(entries.length).toBeGreaterThan(0);
    const again = newResolver({}, restored);
    const next = ids(again.process(msg('2026-06-05T10:00:00', { bsuid: BSUID })));
    expect(next).toEqual([
      contactIdOf(PORTFOLIO, `phone:${hashPhone(PHONE)}`),
      contactIdOf(PORTFOLIO, `phone:${hashPhone(PHONE)}`),
    ]);
  });
});
