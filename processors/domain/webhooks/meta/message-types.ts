// Message types this version models. Anything else (Meta's own `unsupported`, or a type
// added after this was written) is carried through with its raw JSON instead of dropped.
import { canonicalJson } from '../../identifiers/digest.js';
import type { JsonObject } from '../../input/json-read.js';

const KNOWN_TYPES: ReadonlySet<string> = new Set([
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
]);

export function isKnownMessageType(type: string): boolean {
  return KNOWN_TYPES.has(type);
}

/** The raw JSON for an unknown type, null for a known one. */
export function rawIfUnknown(type: string, message: JsonObject): string | null {
  return isKnownMessageType(type) ? null : canonicalJson(message);
}
