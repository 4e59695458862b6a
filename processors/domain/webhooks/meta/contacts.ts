// `value.contacts[]`: who the user is. Messages and statuses point at a contact only
// implicitly, so an item is paired with the contact that shares one of its identifiers
// (or the sole contact when nothing contradicts it) and never with a contradicting one.
import type { UserIdentity } from '../../events/draft.js';
import {
  parseBsuid,
  parseParentBsuid,
  parsePhone,
  parseUsername,
} from '../../identifiers/identifiers.js';
import { optArray, optObject, optString, requireObject } from '../../input/json-read.js';
import type { JsonObject } from '../../input/json-read.js';

export type ContactIdentity = UserIdentity;

export interface IdProbe {
  phone: string | null;
  bsuid: string | null;
  parentBsuid: string | null;
}

/**
 * The user's ids on a message under one field prefix: `from`, `from_user_id`,
 * `from_parent_user_id` for an inbound message, `to`, `to_user_id`, `to_parent_user_id` for
 * an echo of one the business sent.
 */
export function probeIds(msg: JsonObject, path: string, prefix: 'from' | 'to'): IdProbe {
  return {
    phone: parsePhone(msg[prefix], `${path}.${prefix}`),
    bsuid: parseBsuid(msg[`${prefix}_user_id`], `${path}.${prefix}_user_id`),
    parentBsuid: parseParentBsuid(
      msg[`${prefix}_parent_user_id`],
      `${path}.${prefix}_parent_user_id`,
    ),
  };
}

export function readContacts(value: JsonObject, path: string): ContactIdentity[] {
  return optArray(value, 'contacts', path).map((raw, i) => {
    const at = `${path}.contacts[${i}]`;
    const contact = requireObject(raw, at);
    const profile = optObject(contact, 'profile', at);
    return {
      phone: parsePhone(contact['wa_id'], `${at}.wa_id`),
      bsuid: parseBsuid(contact['user_id'], `${at}.user_id`),
      parentBsuid: parseParentBsuid(contact['parent_user_id'], `${at}.parent_user_id`),
      userHandle: profile ? parseUsername(profile['username']) : null,
      profileName: profile ? optString(profile, 'name', `${at}.profile`) : null,
    };
  });
}

const same = (a: string | null, b: string | null): boolean => a !== null && a === b;
const differ = (a: string | null, b: string | null): boolean => a !== null && b !== null && a !== b;

function contradicts(c: ContactIdentity, probe: IdProbe): boolean {
  return differ(c.phone, probe.phone) || differ(c.bsuid, probe.bsuid);
}

export function matchContact(
  contacts: readonly ContactIdentity[],
  probe: IdProbe,
): ContactIdentity | null {
  const hit = contacts.find(
    (c) =>
      !contradicts(c, probe) &&
      (same(c.phone, probe.phone) ||
        same(c.bsuid, probe.bsuid) ||
        same(c.parentBsuid, probe.parentBsuid)),
  );
  if (hit) return hit;
  const only = contacts.length === 1 ? contacts[0] : undefined;
  return only && !contradicts(only, probe) ? only : null;
}

/** The item's own fields win; the contact fills what the item leaves out. */
export function withContact(probe: IdProbe, contacts: readonly ContactIdentity[]): UserIdentity {
  const c = matchContact(contacts, probe);
  return {
    phone: probe.phone ?? c?.phone ?? null,
    bsuid: probe.bsuid ?? c?.bsuid ?? null,
    parentBsuid: probe.parentBsuid ?? c?.parentBsuid ?? null,
    userHandle: c?.userHandle ?? null,
    profileName: c?.profileName ?? null,
  };
}
