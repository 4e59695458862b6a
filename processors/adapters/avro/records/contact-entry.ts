// ContactEntry and PortfolioSettings ↔ their Avro records. ContactEntry is one record type
// in two subjects (the contact-book value, and the snapshot an `absorb` command carries), so
// it is mapped once here. Lists and the map are copied: Avro values never alias state.
import type { ContactEntry } from '../../../domain/identity/entry.js';
import type { PortfolioSettings } from '../../../domain/identity/portfolio.js';
import type { PortfolioSettingsV1 } from '../../../../schemas/whatsapp.contact-book-value/v1.js';
import type { ContactEntryV2 } from '../../../../schemas/whatsapp.contact-book-value/v2.js';
import { contactIdOf } from '../../../domain/identity/contact-id.js';
import { CONTACT_BOOK_VIAS, nullableOneOf } from './checked.js';

function entryFields(e: ContactEntryV2 | ContactEntry) {
  return {
    portfolioId: e.portfolioId,
    userKey: e.userKey,
    supersededBy: e.supersededBy,
    bsuid: e.bsuid,
    parentBsuid: e.parentBsuid,
    phone: e.phone,
    username: e.username,
    profileName: e.profileName,
    inContactBook: e.inContactBook,
    contactBookSince: e.contactBookSince,
    lastInteractionAt: { ...e.lastInteractionAt },
    firstSeenAt: e.firstSeenAt,
    lastSeenAt: e.lastSeenAt,
    previousBsuids: [...e.previousBsuids],
    previousPhones: [...e.previousPhones],
    recentEventIds: [...e.recentEventIds],
  };
}

export function contactEntryToAvro(entry: ContactEntry): ContactEntryV2 {
  return {
    ...entryFields(entry),
    contactBookVia: entry.contactBookVia,
    contactId: entry.contactId,
  };
}

/** An entry written before v2 has no contactId: its own user key is taken as its root. */
export function contactEntryFromAvro(v: ContactEntryV2, field: string): ContactEntry {
  const via = nullableOneOf(v.contactBookVia, CONTACT_BOOK_VIAS, `${field}.contactBookVia`);
  const contactId = v.contactId ?? contactIdOf(v.portfolioId, v.userKey);
  return { ...entryFields(v), contactBookVia: via, contactId };
}

function settingsFields(s: PortfolioSettings | PortfolioSettingsV1) {
  return {
    portfolioId: s.portfolioId,
    contactBookEnabled: s.contactBookEnabled,
    storeFrom: s.storeFrom,
    changedAt: s.changedAt,
  };
}

export function settingsToAvro(s: PortfolioSettings): PortfolioSettingsV1 {
  return settingsFields(s);
}

export function settingsFromAvro(v: PortfolioSettingsV1): PortfolioSettings {
  return settingsFields(v);
}
