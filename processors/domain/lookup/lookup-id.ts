// The `{id}` path segment of `GET /v1/contacts/{portfolioId}/{id}`: a BSUID, a phone
// (`+15551234567` or digits) or a username prefixed with `@`. Shape alone decides, like
// every other identifier in the product; anything else is a 400 that never echoes the value.
import { classifyIdentifier } from '../identifiers/identifiers.js';

export type LookupId =
  | { kind: 'BSUID'; value: string }
  | { kind: 'PHONE'; value: string }
  | { kind: 'USERNAME'; value: string };

// Display handles: letters, digits, '.', '_' (what WhatsApp usernames allow), 1-35 long.
const USERNAME_RE = /^[A-Za-z0-9._]{1,35}$/;

/** Reads an already URL-decoded id; null when it is malformed (caller answers 400). */
export function parseLookupId(raw: string): LookupId | null {
  const text = raw.trim();
  if (text.startsWith('@')) {
    const name = text.slice(1);
    return USERNAME_RE.test(name) ? { kind: 'USERNAME', value: `@${name.toLowerCase()}` } : null;
  }
  if (text.includes(':')) return null; // no channel prefixes in an API path
  const id = classifyIdentifier(text);
  if (id === null || id.kind === 'PARENT_BSUID') return null;
  if (id.kind === 'PHONE') return { kind: 'PHONE', value: id.value.replace(/^\+/, '') };
  return { kind: 'BSUID', value: id.value };
}

/** Decodes a raw path segment; null for a broken percent-encoding. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
