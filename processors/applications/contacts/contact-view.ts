// What `wa-identity contacts get` shows: one user's current contact-book entry, found from a
// BSUID, a phone (through its keyed alias) or a username, following `supersededBy` from an
// alias or a rotated-away BSUID to the current entry; its lineage, its provenance and the
// 30-day interaction window per business number. Pure: the caller folds the topic.
import { WaiError } from '../../domain/errors.js';
import { isBsuid } from '../../domain/identifiers/identifiers.js';
import { contactKey, phoneKey, type PhoneHasher } from '../../domain/identity/keys.js';

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

export type ContactId =
  | { kind: 'bsuid'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'username'; value: string };

export function parseContactId(raw: string): ContactId {
  if (raw.startsWith('@') && raw.length > 1) return { kind: 'username', value: raw.slice(1) };
  if (isBsuid(raw)) return { kind: 'bsuid', value: raw };
  if (/^\+?\d{6,15}$/.test(raw)) return { kind: 'phone', value: raw.replace(/^\+/, '') };
  throw new WaiError(
    'WAI_CONFIG',
    '<id> must be a BSUID (CC.…), a phone (digits, optional +) or @username',
    {
      field: '<id>',
    },
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
  if (id.kind === 'bsuid') return contactKey(portfolioId, id.value);
  if (id.kind === 'phone') return phoneKey(portfolioId, hashPhone, id.value);
  const prefix = `${portfolioId}|`;
  const wanted = id.value.toLowerCase();
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
