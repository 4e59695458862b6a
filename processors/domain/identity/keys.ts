// Key formats of the resolve stage, shared with the split stage (core/event-key.ts) so both
// stages put a user on the same partition: every state, command and output key is
// `<portfolioId>|<userKey>`; a userKey is the BSUID when known, else `phone:<keyed hash>`
// (a phone is never a key in clear). BSUIDs contain a '.', hashes are hex: they cannot clash.
import { isBsuid } from '../identifiers/identifiers.js';

/** Keyed hash of a phone (HMAC with a secret from config); injected so the domain stays pure. */
export type PhoneHasher = (phone: string) => string;

/** Same prefix as the split stage's `defaultEventKey`. */
export const PHONE_KEY_PREFIX = 'phone:';
/** The portfolio's settings record on the contact-book topic (contact book on/off). */
export const SETTINGS_USER_KEY = '~settings';

export function contactKey(portfolioId: string, userKey: string): string {
  return `${portfolioId}|${userKey}`;
}

export function phoneKey(portfolioId: string, hashPhone: PhoneHasher, phone: string): string {
  return contactKey(portfolioId, PHONE_KEY_PREFIX + hashPhone(phone));
}

/** The userKey is the part after the last '|': neither a BSUID nor a hash contains one. */
export function splitKey(key: string): { portfolioId: string; userKey: string } {
  const at = key.lastIndexOf('|');
  return { portfolioId: key.slice(0, at), userKey: key.slice(at + 1) };
}

/** The standard BSUID a userKey stands for; null for a phone key (or a parent-BSUID key). */
export function bsuidOfUserKey(userKey: string): string | null {
  return isBsuid(userKey) ? userKey : null;
}

/** A userKey that stands for a phone (its keyed hash): a phone-only customer or an alias. */
export function isPhoneUserKey(userKey: string): boolean {
  return userKey.startsWith(PHONE_KEY_PREFIX);
}

/** Phones are kept as sent; '+' is the only variation the webhook formats have in common. */
export function samePhone(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.replace(/^\+/, '') === b.replace(/^\+/, '');
}
