// The Meta Cloud API envelope: `{ object, entry: [{ id: <WABA>, time?, changes: [...] }] }`.
// It is what Meta posts directly and what 360dialog and YCloud forward as-is.
import type { ParsedDelivery } from '../../events/draft.js';
import { toWaiError } from '../../errors.js';
import {
  isObject,
  optArray,
  optEpochSeconds,
  optString,
  requireObject,
} from '../../input/json-read.js';
import { parseChange } from './change.js';

export const META_OBJECT = 'whatsapp_business_account';

export function looksLikeMetaEnvelope(raw: unknown): boolean {
  return isObject(raw) && raw['object'] === META_OBJECT && Array.isArray(raw['entry']);
}

/** `fallbackTime`: a wrapper's own timestamp, used when neither item nor entry has one. */
export function parseMetaEnvelope(
  raw: unknown,
  path: string,
  fallbackTime: number | null,
): ParsedDelivery {
  const out: ParsedDelivery = { drafts: [], errors: [] };
  try {
    const envelope = requireObject(raw, path || '$');
    const prefix = path ? `${path}.` : '';
    optArray(envelope, 'entry', path || '$').forEach((rawEntry, e) => {
      const entryPath = `${prefix}entry[${e}]`;
      try {
        const entry = requireObject(rawEntry, entryPath);
        const wabaId = optString(entry, 'id', entryPath);
        const entryTime = optEpochSeconds(entry, 'time', entryPath) ?? fallbackTime;
        optArray(entry, 'changes', entryPath).forEach((change, c) => {
          const parsed = parseChange(change, {
            wabaId,
            path: `${entryPath}.changes[${c}]`,
            fallbackTime: entryTime,
          });
          out.drafts.push(...parsed.drafts);
          out.errors.push(...parsed.errors);
        });
      } catch (err) {
        out.errors.push(toWaiError(err));
      }
    });
  } catch (err) {
    out.errors.push(toWaiError(err));
  }
  return out;
}
