// ContactEntry and PortfolioSettings ↔ their Avro records. ContactEntry is one record type
// in two subjects (the contact-book value, and the snapshot an `absorb` command carries), so
// it is mapped once here. Lists and the map are copied: Avro values never alias state.
import type { ContactEntry } from '../../resolve/entry.js';
import type { PortfolioSettings } from '../../resolve/portfolio.js';
import { CONTACT_BOOK_VIAS, nullableOneOf } from './checked.js';

/** io.waidentity.contactbook.ContactEntry, v1. */
export interface ContactEntryAvro {
  portfolioId: string;
  userKey: string;
  supersededBy: string | null;
  bsuid: string | null;
  parentBsuid: string | null;
  phone: string | null;
  username: string | null;
  profileName: string | null;
  inContactBook: boolean;
  contactBookSince: number | null;
  contactBookVia: string | null;
  lastInteractionAt: Record<string, number>;
  firstSeenAt: number;
  lastSeenAt: number;
  previousBsuids: string[];
  previousPhones: string[];
  recentEventIds: string[];
}

/** io.waidentity.contactbook.PortfolioSettings, v1. */
export interface PortfolioSettingsAvro {
  portfolioId: string;
  contactBookEnabled: boolean;
  storeFrom: number | null;
  changedAt: number | null;
}

function entryFields(e: ContactEntryAvro | ContactEntry) {
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

export function contactEntryToAvro(entry: ContactEntry): ContactEntryAvro {
  return { ...entryFields(entry), contactBookVia: entry.contactBookVia };
}

export function contactEntryFromAvro(v: ContactEntryAvro, field: string): ContactEntry {
  const via = nullableOneOf(v.contactBookVia, CONTACT_BOOK_VIAS, `${field}.contactBookVia`);
  return { ...entryFields(v), contactBookVia: via };
}

function settingsFields(s: PortfolioSettings | PortfolioSettingsAvro) {
  return {
    portfolioId: s.portfolioId,
    contactBookEnabled: s.contactBookEnabled,
    storeFrom: s.storeFrom,
    changedAt: s.changedAt,
  };
}

export function settingsToAvro(s: PortfolioSettings): PortfolioSettingsAvro {
  return settingsFields(s);
}

export function settingsFromAvro(v: PortfolioSettingsAvro): PortfolioSettings {
  return settingsFields(v);
}
