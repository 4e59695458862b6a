// ContactEntry and PortfolioSettings ↔ their Avro records. ContactEntry is one record type
// in two subjects (the contact-book value, and the snapshot an `absorb` command carries), so
// it is mapped once here. Lists and the map are copied: Avro values never alias state.
import type { ContactEntry } from '../../../domain/identity/entry.js';
import type { PortfolioSettings } from '../../../domain/identity/portfolio.js';
import type {
  ContactEntryV1,
  PortfolioSettingsV1,
} from '../../../../schemas/whatsapp.contact-book-value/v1.js';
import { CONTACT_BOOK_VIAS, nullableOneOf } from './checked.js';

function entryFields(e: ContactEntryV1 | ContactEntry) {
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

export function contactEntryToAvro(entry: ContactEntry): ContactEntryV1 {
  return { ...entryFields(entry), contactBookVia: entry.contactBookVia };
}

export function contactEntryFromAvro(v: ContactEntryV1, field: string): ContactEntry {
  const via = nullableOneOf(v.contactBookVia, CONTACT_BOOK_VIAS, `${field}.contactBookVia`);
  return { ...entryFields(v), contactBookVia: via };
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
