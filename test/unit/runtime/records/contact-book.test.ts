// The contact-book value (an entry or a portfolio's settings) survives domain → Avro → bytes →
// Avro → domain unchanged; a record with both or neither set is refused.
import { describe, expect, it } from '@jest/globals';
import type { PortfolioSettings } from '../../../../processors/domain/identity/portfolio.js';
import {
  contactBookFromAvro,
  contactBookToAvro,
  isContactEntry,
  type ContactBookValue,
} from '../../../../processors/adapters/avro/records/contact-book.js';
import { AT, LONG_BSUID, PORTFOLIO, entry, pointer, viaBytes } from './samples.js';

const SUBJECT = 'whatsapp.contact-book-value';

const settings = (fields: Partial<PortfolioSettings> = {}): PortfolioSettings => ({
  portfolioId: PORTFOLIO,
  contactBookEnabled: true,
  storeFrom: null,
  changedAt: null,
  ...fields,
});

const variants: [string, ContactBookValue][] = [
  ['a full entry', entry()],
  ['a pointer (empty map and lists, nulls)', pointer()],
  ['an entry keyed by a 128-character BSUID', entry({ userKey: LONG_BSUID, bsuid: LONG_BSUID })],
  ['an entry added by an interaction', entry({ contactBookVia: 'INTERACTION', phone: '+44 7700' })],
  [
    'an entry seen before 1970',
    entry({ firstSeenAt: -1, lastSeenAt: 0, lastInteractionAt: { '1': 0 } }),
  ],
  ['default settings', settings()],
  ['settings after a re-enable', settings({ storeFrom: AT, changedAt: AT })],
  ['disabled settings', settings({ contactBookEnabled: false, changedAt: 2 ** 52 })],
];

describe('contact-book v1 mapping', () => {
  it.each(variants)('%s round-trips through Avro bytes', (_, value) => {
    const avro = contactBookToAvro(value);
    expect(contactBookFromAvro(viaBytes(SUBJECT, avro))).toEqual(value);
    expect(avro.entry === null).toBe(!isContactEntry(value));
    expect(avro.settings === null).toBe(isContactEntry(value));
  });

  it('copies the map and lists: the Avro value does not alias state', () => {
    const e = entry();
    const avro = contactBookToAvro(e);
    avro.entry?.previousPhones.push('1');
    if (avro.entry) avro.entry.lastInteractionAt['x'] = 1;
    expect(e).toEqual(entry());
  });

  it('refuses a record with both or neither of entry / settings', () => {
    const both = {
      ...contactBookToAvro(entry()),
      settings: contactBookToAvro(settings()).settings,
    };
    expect(() => contactBookFromAvro(both)).toThrow(/exactly one of entry \/ settings/);
    expect(() => contactBookFromAvro({ entry: null, settings: null })).toThrow(
      expect.objectContaining({ code: 'WAI_SCHEMA', field: 'contact-book' }),
    );
  });

  it('refuses a contactBookVia outside the domain union, naming the field', () => {
    const avro = contactBookToAvro(entry());
    if (avro.entry) avro.entry.contactBookVia = 'IMPORTED';
    expect(() => contactBookFromAvro(avro)).toThrow(
      expect.objectContaining({ code: 'WAI_SCHEMA', field: 'contact-book.entry.contactBookVia' }),
    );
  });
});
