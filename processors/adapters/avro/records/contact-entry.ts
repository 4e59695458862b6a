// ContactEntry and PortfolioSettings ↔ their Avro records. ContactEntry is one record type
// in two subjects (the contact-book value, and the snapshot an `absorb` command carries), so
// it is mapped once here. Lists and the map are copied: Avro values never alias state.
import type { ContactEntry } from '../../../domain/identity/entry.js';
import type { PortfolioSettings } from '../../../domain/identity/portfolio.js';
import {
  LINEAGE_KINDS,
  PHONE_SOURCE_KINDS,
  type LineageStep,
  type PhoneEvidence,
} from '../../../domain/identity/evidence.js';
import type {
  LineageStepV2,
  PhoneEvidenceV2,
  PortfolioSettingsV2,
} from '../../../../schemas/whatsapp.contact-book-value/v2.js';
import type { ContactEntryV3 } from '../../../../schemas/whatsapp.contact-book-value/v3.js';
import { contactIdOf } from '../../../domain/identity/contact-id.js';
import { CONTACT_BOOK_VIAS, nullableOneOf, oneOf } from './checked.js';

function entryFields(e: ContactEntryV3 | ContactEntry) {
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

export function contactEntryToAvro(entry: ContactEntry): ContactEntryV3 {
  return {
    ...entryFields(entry),
    contactBookVia: entry.contactBookVia,
    lineage: entry.lineage.map((step) => ({ ...step })),
    phoneEvidence: entry.phoneEvidence === null ? null : { ...entry.phoneEvidence },
    contactId: entry.contactId,
  };
}

function stepFromAvro(v: LineageStepV2, field: string): LineageStep {
  return { ...v, kind: oneOf(v.kind, LINEAGE_KINDS, `${field}.kind`) };
}

function evidenceFromAvro(v: PhoneEvidenceV2 | null, field: string): PhoneEvidence | null {
  return v === null
    ? null
    : { ...v, source: oneOf(v.source, PHONE_SOURCE_KINDS, `${field}.source`) };
}

/** An entry written before contact-book v3 has no contactId: its own user key is its root. */
export function contactEntryFromAvro(v: ContactEntryV3, field: string): ContactEntry {
  const via = nullableOneOf(v.contactBookVia, CONTACT_BOOK_VIAS, `${field}.contactBookVia`);
  return {
    ...entryFields(v),
    contactBookVia: via,
    lineage: v.lineage.map((step, i) => stepFromAvro(step, `${field}.lineage[${i}]`)),
    phoneEvidence: evidenceFromAvro(v.phoneEvidence, `${field}.phoneEvidence`),
    contactId: v.contactId ?? contactIdOf(v.portfolioId, v.userKey),
  };
}

function settingsFields(s: PortfolioSettings | PortfolioSettingsV2) {
  return {
    portfolioId: s.portfolioId,
    contactBookEnabled: s.contactBookEnabled,
    storeFrom: s.storeFrom,
    changedAt: s.changedAt,
  };
}

export function settingsToAvro(s: PortfolioSettings): PortfolioSettingsV2 {
  return settingsFields(s);
}

export function settingsFromAvro(v: PortfolioSettingsV2): PortfolioSettings {
  return settingsFields(v);
}
