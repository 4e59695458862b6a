// Key formats of the resolve stage. Every state key, command key and output key is
// `<portfolioId>|<userKey>`, so a user's records share one partition and never cross
// portfolios. A userKey is the BSUID when known, else `ph:<keyed hash of the phone>`:
// a phone is never a key in clear. BSUIDs contain a '.', hashes are hex, so they cannot clash.

/** Keyed hash of a phone (HMAC with a secret from config); injected so the domain stays pure. */
export type PhoneHasher = (phone: string) => string;

export const PHONE_KEY_PREFIX = 'ph:';
/** The portfolio's settings record on the contact-book topic (contact-book on/off). */
export const SETTINGS_USER_KEY = '~settings';
/** Events that carry no user identifier at all: keyed per portfolio, never stored. */
export const UNKNOWN_USER_KEY = '~unknown';

export function contactKey(portfolioId: string, userKey: string): string {
  return `${portfolioId}|${userKey}`;
}

export function phoneUserKey(hashPhone: PhoneHasher, phone: string): string {
  return PHONE_KEY_PREFIX + hashPhone(phone);
}

export function phoneKey(portfolioId: string, hashPhone: PhoneHasher, phone: string): string {
  return contactKey(portfolioId, phoneUserKey(hashPhone, phone));
}

/** Priority for keys is the opposite of sessions: the BSUID is stable across phone sharing. */
export function userKeyOf(
  ids: { bsuid: string | null; phone: string | null },
  hashPhone: PhoneHasher,
): string | null {
  if (ids.bsuid !== null) return ids.bsuid;
  if (ids.phone !== null) return phoneUserKey(hashPhone, ids.phone);
  return null;
}

/** The userKey is the part after the last '|': neither a BSUID nor a hash contains one. */
export function splitKey(key: string): { portfolioId: string; userKey: string } {
  const at = key.lastIndexOf('|');
  return { portfolioId: key.slice(0, at), userKey: key.slice(at + 1) };
}

export function isPhoneUserKey(userKey: string): boolean {
  return userKey.startsWith(PHONE_KEY_PREFIX);
}

/** Phones are kept as sent; '+' is the only variation the webhook formats have in common. */
export function samePhone(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.replace(/^\+/, '') === b.replace(/^\+/, '');
}
