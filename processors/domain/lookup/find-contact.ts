// Finding one contact in a portfolio's state for the lookup API: by BSUID (its key), by phone
// (its keyed alias) or by username, then following `supersededBy` from an alias or a
// rotated-away BSUID to the current entry. Reads committed state only (the caller's view),
// and turns the entry's stored evidence into the response's lineage and phone provenance.
import type { ContactEntry } from '../identity/entry.js';
import { contactKey, phoneKey, type PhoneHasher } from '../identity/keys.js';
import type { LookupId } from './lookup-id.js';
import type { LookupEvidence } from './lookup-response.js';

/** What a chain of contact-book keys needs of an entry (the state's or a decoded record). */
export interface ChainEntry {
  supersededBy: string | null;
  username: string | null;
}

/**
 * What the lookup reads: ContactBookState satisfies it (`peek` leaves packed entries packed);
 * `contacts get` passes the contact-book topic folded into a map.
 */
export interface EntrySource<E extends ChainEntry = ContactEntry> {
  peek(key: string): E | undefined;
  keys(portfolioId: string): Iterable<string>;
}

export interface FoundContact<E> {
  key: string;
  /** Keys followed from the one asked for to the current entry (aliases, old BSUIDs). */
  via: string[];
  entry: E;
}

const MAX_HOPS = 16;

/** Webhooks carry usernames without the `@`; the API takes them with it. */
const bareHandle = (name: string): string => name.replace(/^@/, '').toLowerCase();

function startKey<E extends ChainEntry>(
  source: EntrySource<E>,
  portfolioId: string,
  id: LookupId,
  hashPhone: PhoneHasher,
): string | null {
  if (id.kind === 'BSUID') return contactKey(portfolioId, id.value);
  if (id.kind === 'PHONE') return phoneKey(portfolioId, hashPhone, id.value);
  // Usernames are no key: a scan of the portfolio's current entries (see the README's limits).
  const wanted = bareHandle(id.value);
  for (const key of source.keys(portfolioId)) {
    const e = source.peek(key);
    if (e?.supersededBy === null && e.username !== null && bareHandle(e.username) === wanted) {
      return key;
    }
  }
  return null;
}

/** The current entry for `id` and the keys followed to it; null when there is none. */
export function followContact<E extends ChainEntry>(
  source: EntrySource<E>,
  portfolioId: string,
  id: LookupId,
  hashPhone: PhoneHasher,
): FoundContact<E> | null {
  let key = startKey(source, portfolioId, id, hashPhone);
  const via: string[] = [];
  for (let hops = 0; key !== null && hops < MAX_HOPS; hops += 1) {
    const entry = source.peek(key);
    if (entry === undefined) return null;
    if (entry.supersededBy === null) return { key, via, entry };
    via.push(key);
    // A full key (`<portfolio>|<userKey>`), as the rules write it.
    key = entry.supersededBy.includes('|')
      ? entry.supersededBy
      : contactKey(portfolioId, entry.supersededBy);
  }
  return null;
}

/** The current entry for `id`, or null when the portfolio's state holds none. */
export function findContact(
  source: EntrySource,
  portfolioId: string,
  id: LookupId,
  hashPhone: PhoneHasher,
): ContactEntry | null {
  return followContact(source, portfolioId, id, hashPhone)?.entry ?? null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function lookupEvidence(entry: ContactEntry): LookupEvidence {
  const e = entry.phoneEvidence;
  return {
    lineage: entry.lineage.map((step) => ({ ...step, at: iso(step.at) })),
    // A phone restored from a record written before provenance was kept: known, source unknown.
    phoneProvenance:
      e !== null
        ? { ...e, at: iso(e.at) }
        : entry.phone === null
          ? null
          : { source: 'UNKNOWN', eventId: null, at: null },
  };
}
