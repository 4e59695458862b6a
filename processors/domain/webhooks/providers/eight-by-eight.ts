// 8x8 Chat Apps Business Management (CABM) webhooks: a camelCase envelope (`eventId`,
// ISO `timestamp`, `businessAccountId` = WABA, `eventType`) with Meta's original change
// object (`{ field, value }`) verbatim in `eventDetails.rawEvent`. A full Meta envelope in
// `rawEvent` is accepted too, and so is `rawEvent` sent as JSON text.
import type { ParsedDelivery } from '../../events/draft.js';
import { isObject, optIsoTime, optString, requireObject, badInput } from '../../input/json-read.js';
import type { JsonObject } from '../../input/json-read.js';
import { parseChange } from '../meta/change.js';
import { looksLikeMetaEnvelope, parseMetaEnvelope } from '../meta/envelope.js';
import type { ProviderAdapter } from './adapter.js';

const RAW_PATH = 'eventDetails.rawEvent';

function rawEventOf(raw: JsonObject): unknown {
  const details = raw['eventDetails'];
  if (!isObject(details)) return undefined;
  const inner = details['rawEvent'];
  if (typeof inner !== 'string') return inner;
  try {
    return JSON.parse(inner) as unknown;
  } catch {
    throw badInput(RAW_PATH, 'is text but not JSON');
  }
}

export const eightByEightAdapter: ProviderAdapter = {
  name: '8x8',
  matches: (raw) =>
    isObject(raw) && isObject(raw['eventDetails']) && 'rawEvent' in raw['eventDetails'],
  unwrap(raw): ParsedDelivery {
    const envelope = requireObject(raw, '$');
    const time = optIsoTime(envelope, 'timestamp', '$');
    const inner = rawEventOf(envelope);
    if (looksLikeMetaEnvelope(inner)) return parseMetaEnvelope(inner, RAW_PATH, time);
    if (isObject(inner) && 'field' in inner) {
      return parseChange(inner, {
        wabaId: optString(envelope, 'businessAccountId', '$'),
        path: RAW_PATH,
        fallbackTime: time,
      });
    }
    throw badInput(RAW_PATH, 'is neither a Meta change nor a Meta envelope');
  },
};
