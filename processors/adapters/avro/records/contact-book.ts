// The compacted contact-book topic's value ↔ contact-book v3: one record with exactly one of
// `entry` (a user key) or `settings` (a portfolio's `~settings` key). A tombstone is a null
// Kafka value and never reaches this mapper (the topic codec passes null through).
import type { ContactEntry } from '../../../domain/identity/entry.js';
import type { PortfolioSettings } from '../../../domain/identity/portfolio.js';
import type { ContactBookValueV3 } from '../../../../schemas/whatsapp.contact-book-value/v3.js';
import { schemaError } from './checked.js';
import {
  contactEntryFromAvro,
  contactEntryToAvro,
  settingsFromAvro,
  settingsToAvro,
} from './contact-entry.js';

export type ContactBookValue = ContactEntry | PortfolioSettings;

/** Settings have no user key; every entry has one. */
export function isContactEntry(value: ContactBookValue): value is ContactEntry {
  return 'userKey' in value;
}

export function contactBookToAvro(value: ContactBookValue): ContactBookValueV3 {
  return isContactEntry(value)
    ? { entry: contactEntryToAvro(value), settings: null }
    : { entry: null, settings: settingsToAvro(value) };
}

export function contactBookFromAvro(v: ContactBookValueV3): ContactBookValue {
  if (v.entry !== null && v.settings === null)
    return contactEntryFromAvro(v.entry, 'contact-book.entry');
  if (v.settings !== null && v.entry === null) return settingsFromAvro(v.settings);
  throw schemaError('contact-book', 'exactly one of entry / settings must be set');
}
