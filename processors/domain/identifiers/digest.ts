// Hashes for keys and event ids. Pure computation (node:crypto), no I/O.
import { createHmac, hash } from 'node:crypto';

/**
 * Keyed hash of a phone, for use in Kafka keys and state-store keys: a phone is never a key
 * in clear. The leading '+' is dropped first so `+1650…` and `1650…` key the same user; the
 * secret comes from config so the hash cannot be reversed by enumerating numbers.
 */
export function keyedPhoneHash(secret: string, phone: string): string {
  return createHmac('sha256', secret).update(phone.replace(/^\+/, '')).digest('hex').slice(0, 32);
}

/**
 * `keyedPhoneHash` with the secret bound and the last `capacity` phones remembered: a user's
 * phone is hashed on every event that carries it, and an HMAC costs more than a map lookup.
 * When full, the oldest half is dropped (insertion order), so memory stays bounded.
 */
export function memoPhoneHasher(secret: string, capacity = 65_536): (phone: string) => string {
  const memo = new Map<string, string>();
  return (phone) => {
    const known = memo.get(phone);
    if (known !== undefined) return known;
    const hash = keyedPhoneHash(secret, phone);
    if (memo.size >= capacity) {
      let drop = Math.ceil(capacity / 2);
      for (const key of memo.keys()) {
        if (drop-- === 0) break;
        memo.delete(key);
      }
    }
    memo.set(phone, hash);
    return hash;
  };
}

/**
 * Deterministic id from stable content parts (provider, wamid, status...). Parts are
 * length-prefixed so ('ab','c') and ('a','bc') never collide.
 */
export function stableId(parts: readonly string[]): string {
  // One-shot: a Hash object per event id showed in the worker's profile.
  let text = '';
  for (const part of parts) text += `${part.length}:${part};`;
  return hash('sha256', text, 'hex').slice(0, 32);
}

/** JSON with sorted object keys, so equal payloads hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
