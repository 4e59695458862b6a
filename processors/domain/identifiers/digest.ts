// Hashes for keys and event ids. Pure computation (node:crypto), no I/O.
import { createHash, createHmac } from 'node:crypto';

/**
 * Keyed hash of a phone, for use in Kafka keys and state-store keys: a phone is never a key
 * in clear. The leading '+' is dropped first so `+1650…` and `1650…` key the same user; the
 * secret comes from config so the hash cannot be reversed by enumerating numbers.
 */
export function keyedPhoneHash(secret: string, phone: string): string {
  return createHmac('sha256', secret).update(phone.replace(/^\+/, '')).digest('hex').slice(0, 32);
}

/**
 * Deterministic id from stable content parts (provider, wamid, status...). Parts are
 * length-prefixed so ('ab','c') and ('a','bc') never collide.
 */
export function stableId(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part};`);
  return hash.digest('hex').slice(0, 32);
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
