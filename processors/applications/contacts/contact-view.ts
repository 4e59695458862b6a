// What `wa-identity contacts get` shows: one user's current contact-book entry, found as the
// lookup API finds it (domain/lookup/find-contact.ts: by BSUID, phone alias or username,
// following `supersededBy`); its lineage, its provenance and the 30-day interaction window
// per business number. Pure: the caller folds the topic.
import { WaiError } from '../../domain/errors.js';
import type { PhoneHasher } from '../../domain/identity/keys.js';
import { followContact } from '../../domain/lookup/find-contact.js';
import { parseLookupId, type LookupId } from '../../domain/lookup/lookup-id.js';

/** The contact-book value's `entry` as avsc decodes it (v1 and later: extra fields kept). */
export interface StoredEntry {
  userKey: string;
  supersededBy: string | null;
  bsuid: string | null;
  username: string | null;
  lastInteractionAt: Record<string, number>;
  [field: string]: unknown;
}

const WINDOW_MS = 30 * 24 * 3_600_000;

/** The id `contacts get` looks up: the lookup API's own reading of an id. */
export type ContactId = LookupId;

/** The domain's lookup id (BSUID, phone, @username), or a usage error naming `<id>`. */
export function parseContactId(raw: string): ContactId {
  const id = parseLookupId(raw);
  if (id !== null) return id;
  throw new WaiError(
    'WAI_CONFIG',
    '<id> must be a BSUID (CC.…), a phone (digits, optional +) or @username',
    { field: '<id>' },
  );
}

export interface ContactView {
  key: string;
  /** Keys followed from the one asked for to the current entry (aliases, old BSUIDs). */
  via: string[];
  entry: StoredEntry;
  interactionWindows: {
    businessPhoneNumberId: string;
    lastInteractionAt: string;
    openUntil: string;
    open: boolean;
  }[];
}

/** The current entry for `id`, or null when the portfolio's contact book has none. */
export function findContact(
  entries: ReadonlyMap<string, StoredEntry>,
  portfolioId: string,
  id: ContactId,
  hashPhone: PhoneHasher,
  now: number,
): ContactView | null {
  const prefix = `${portfolioId}|`;
  const source = {
    peek: (key: string) => entries.get(key),
    keys: (portfolio: string) =>
      portfolio === portfolioId ? [...entries.keys()].filter((k) => k.startsWith(prefix)) : [],
  };
  const found = followContact(source, portfolioId, id, hashPhone);
  if (found === null) return null;
  const interactionWindows = Object.entries(found.entry.lastInteractionAt)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([businessPhoneNumberId, at]) => ({
      businessPhoneNumberId,
      lastInteractionAt: new Date(at).toISOString(),
      openUntil: new Date(at + WINDOW_MS).toISOString(),
      open: at + WINDOW_MS > now,
    }));
  return { ...found, interactionWindows };
}
