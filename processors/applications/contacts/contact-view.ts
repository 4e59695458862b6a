// What `wa-identity contacts get` shows: one user's current contact-book entry, found from a
// BSUID, a phone (through its keyed alias) or a username, following `supersededBy` from an
// alias or a rotated-away BSUID to the current entry; its lineage, its provenance and the
// 30-day interaction window per business number. Pure: the caller folds the topic.
import { WaiError } from '../../domain/errors.js';
import { contactKey, phoneKey, type PhoneHasher } from '../../domain/identity/keys.js';
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
const MAX_HOPS = 16;

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

function startKey(
  entries: ReadonlyMap<string, StoredEntry>,
  portfolioId: string,
  id: ContactId,
  hashPhone: PhoneHasher,
): string | null {
  if (id.kind === 'BSUID') return contactKey(portfolioId, id.value);
  if (id.kind === 'PHONE') return phoneKey(portfolioId, hashPhone, id.value);
  const prefix = `${portfolioId}|`;
  const wanted = id.value.slice(1); // `@name`, already lower case
  for (const [key, e] of entries) {
    if (key.startsWith(prefix) && e.supersededBy === null && e.username?.toLowerCase() === wanted)
      return key;
  }
  return null;
}

/** The current entry for `id`, or null when the portfolio's contact book has none. */
export function findContact(
  entries: ReadonlyMap<string, StoredEntry>,
  portfolioId: string,
  id: ContactId,
  hashPhone: PhoneHasher,
  now: number,
): ContactView | null {
  let key = startKey(entries, portfolioId, id, hashPhone);
  const via: string[] = [];
  for (let hops = 0; key !== null && hops < MAX_HOPS; hops += 1) {
    const entry = entries.get(key);
    if (entry === undefined) return null;
    if (entry.supersededBy === null) {
      const interactionWindows = Object.entries(entry.lastInteractionAt)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([businessPhoneNumberId, at]) => ({
          businessPhoneNumberId,
          lastInteractionAt: new Date(at).toISOString(),
          openUntil: new Date(at + WINDOW_MS).toISOString(),
          open: at + WINDOW_MS > now,
        }));
      return { key, via, entry, interactionWindows };
    }
    via.push(key);
    // A full key (`<portfolio>|<userKey>`), as the rules write it.
    key = entry.supersededBy.includes('|')
      ? entry.supersededBy
      : contactKey(portfolioId, entry.supersededBy);
  }
  return null;
}
