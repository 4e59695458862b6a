// `contactId`: one id per person and portfolio for CRMs, where `waid` and `sessionKey` switch
// between phone and BSUID as masking allows. Definition:
//   contactId = stableId(["contactId", portfolioId, root]), 32 hex characters, where `root`
//   is the user key of the FIRST identifier the lineage knew for the person: the BSUID, or
//   `phone:<keyed hash>` (HMAC with WAI_KEY_SECRET) for a person first known by phone, so no
//   phone is ever hashed in clear and an id cannot be reversed by enumerating numbers.
// It is kept on the person's contact-book entry and follows the lineage: a rotation, a phone
// change, a username change or masking never changes it. When two entries merge (a phone-keyed
// customer proven to be a BSUID's, a previous id absorbed by the new one), the root known
// longest wins: the smaller `firstSeenAt` (event time), and on a tie the root of the entry
// being absorbed (the older id of the lineage). Both are part of the input log, so a replay
// gives the same ids. Records are stamped once their input's lineage edges are all applied
// (memory-resolver.ts), so the event that causes a merge already carries the surviving id.
import { stableId } from '../identifiers/digest.js';

/** What the rules below read of a contact-book entry (entry.ts's ContactEntry has it). */
export interface Rooted {
  contactId: string;
  firstSeenAt: number;
  supersededBy: string | null;
}

export function contactIdOf(portfolioId: string, rootUserKey: string): string {
  return stableId(['contactId', portfolioId, rootUserKey]);
}

/** The contactId a merge keeps: the root known longest; on a tie, the absorbed entry's. */
export function survivingContactId(survivor: Rooted, absorbed: Rooted): string {
  return survivor.firstSeenAt < absorbed.firstSeenAt ? survivor.contactId : absorbed.contactId;
}

/** Hops followed along `supersededBy` pointers: far above any real lineage chain. */
const MAX_HOPS = 64;

/** The contactId of the person a key stands for now (its pointers followed); null if none. */
export function currentContactId(
  entryOf: (key: string) => Rooted | undefined,
  key: string,
): string | null {
  let entry = entryOf(key);
  for (let hop = 0; entry?.supersededBy && hop < MAX_HOPS; hop++) {
    entry = entryOf(entry.supersededBy);
  }
  return entry?.contactId ?? null;
}
