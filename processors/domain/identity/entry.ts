// A contact-book entry: everything the stage holds about one user of one portfolio, and the
// value of the compacted contact-book topic. Entries are immutable values; every change
// builds a new one. Growth is bounded: per business number, per identity change, and a
// fixed-size memory of recent event ids.
import { contactIdOf } from './contact-id.js';
import type { LineageStep, PhoneEvidence } from './evidence.js';
import { bsuidOfUserKey, contactKey, samePhone, splitKey } from './keys.js';

/** How the (phone, BSUID) pair entered the contact book. */
export type ContactBookVia = 'INTERACTION' | 'USER_SHARED';

export interface ContactEntry {
  portfolioId: string;
  /** The BSUID, or `ph:<hash>` for a user known by phone only (or a phone alias). */
  userKey: string;
  /** Set on a phone alias or a rotated-away BSUID: the key of the current entry. */
  supersededBy: string | null;
  /** The person's stable id: see contact-id.ts for its exact definition. */
  contactId: string;
  bsuid: string | null;
  parentBsuid: string | null;
  phone: string | null;
  username: string | null;
  profileName: string | null;
  /** The pair (phone, bsuid) is in the portfolio's contact book. */
  inContactBook: boolean;
  contactBookSince: number | null;
  contactBookVia: ContactBookVia | null;
  /** Business phone number id → last exchange with `phone` (epoch ms, event time). */
  lastInteractionAt: Record<string, number>;
  firstSeenAt: number;
  lastSeenAt: number;
  previousBsuids: string[];
  previousPhones: string[];
  /** Most recent last; bounded by the configured dedup memory size. */
  recentEventIds: string[];
  /** Identity steps (rotations, phone and username changes, phone links), oldest first. */
  lineage: LineageStep[];
  /** How `phone` became known; null without a phone (or restored from a v1 record). */
  phoneEvidence: PhoneEvidence | null;
}

export function newEntry(portfolioId: string, userKey: string, at: number): ContactEntry {
  return {
    portfolioId,
    userKey,
    supersededBy: null,
    contactId: contactIdOf(portfolioId, userKey),
    bsuid: null,
    parentBsuid: null,
    phone: null,
    username: null,
    profileName: null,
    inContactBook: false,
    contactBookSince: null,
    contactBookVia: null,
    lastInteractionAt: {},
    firstSeenAt: at,
    lastSeenAt: at,
    previousBsuids: [],
    previousPhones: [],
    recentEventIds: [],
    lineage: [],
    phoneEvidence: null,
  };
}

/** A new entry for a key: a BSUID key stands for that BSUID, a phone key for a phone. */
export function freshEntry(key: string, at: number): ContactEntry {
  const { portfolioId, userKey } = splitKey(key);
  return { ...newEntry(portfolioId, userKey, at), bsuid: bsuidOfUserKey(userKey) };
}

export function hasSeen(entry: ContactEntry | undefined, id: string): boolean {
  return entry?.recentEventIds.includes(id) ?? false;
}

export function rememberIds(
  entry: ContactEntry,
  ids: readonly string[],
  size: number,
): ContactEntry {
  const kept = entry.recentEventIds.filter((id) => !ids.includes(id));
  return { ...entry, recentEventIds: [...kept, ...ids].slice(-size) };
}

export function seenAt(entry: ContactEntry, at: number): ContactEntry {
  return {
    ...entry,
    firstSeenAt: Math.min(entry.firstSeenAt, at),
    lastSeenAt: Math.max(entry.lastSeenAt, at),
  };
}

export function addUnique(list: readonly string[], ...values: (string | null)[]): string[] {
  const out = [...list];
  for (const v of values) if (v !== null && !out.includes(v)) out.push(v);
  return out;
}

/**
 * A new phone for this user. The 30-day windows and the contact-book pair were about the
 * old number, so they go with it; the old number stays in the lineage.
 */
export function withPhone(
  entry: ContactEntry,
  phone: string,
  evidence: PhoneEvidence,
): ContactEntry {
  if (samePhone(entry.phone, phone)) return entry;
  if (entry.phone === null) return { ...entry, phone, phoneEvidence: evidence };
  return {
    ...entry,
    phone,
    phoneEvidence: evidence,
    previousPhones: addUnique(entry.previousPhones, entry.phone),
    lastInteractionAt: {},
    ...notInContactBook,
  };
}

export const notInContactBook = {
  inContactBook: false,
  contactBookSince: null,
  contactBookVia: null,
} as const;

/**
 * A contact-book delete (or a disabled contact book): the pair leaves the contact book; the
 * phone, the 30-day windows and the lineage stay, so Meta's 30-day rule still applies.
 */
export function unlinked(entry: ContactEntry): ContactEntry {
  return { ...entry, ...notInContactBook };
}

/**
 * What is left of an entry once another holds its history: its own id and the pointer.
 * The phone and everything else moved with the history, so nothing personal stays behind.
 */
export function toPointer(entry: ContactEntry, target: string, at: number): ContactEntry {
  const pointer = freshEntry(contactKey(entry.portfolioId, entry.userKey), entry.firstSeenAt);
  // The contactId stays: an identity that becomes current again (A→B→A) is the same person.
  return {
    ...pointer,
    contactId: entry.contactId,
    supersededBy: target,
    lastSeenAt: Math.max(entry.lastSeenAt, at),
  };
}
