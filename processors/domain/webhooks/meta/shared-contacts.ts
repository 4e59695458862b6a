// `type: "contacts"` messages: cards the user shared. When the user accepts a
// REQUEST_CONTACT_INFO prompt the card carries their own phone with origin
// `contact_request` — the one attested phone↔BSUID link. `origin` sits on the message
// (Meta's page) or on the card (Kapso's docs); both are read, the card's wins.
import type { SharedContact } from '../../events/event.js';
import { isPhone } from '../../identifiers/identifiers.js';
import { isObject, optArray, optString, requireObject } from '../../input/json-read.js';
import type { JsonObject } from '../../input/json-read.js';

// A card's `phone` is display text ("+1 (650) 555-1234"); only layout characters go.
// Dots are kept: stripping them is the kind of normalizer that must never meet a BSUID.
const LAYOUT_RE = /[\s\-()]/g;
const CONTACT_REQUEST = 'contact_request';

function cardPhone(card: JsonObject, at: string): string | null {
  const phones = optArray(card, 'phones', at).filter(isObject);
  for (const p of phones) {
    const waId = optString(p, 'wa_id', at);
    if (waId !== null && isPhone(waId)) return waId;
  }
  for (const p of phones) {
    const text = optString(p, 'phone', at)?.replace(LAYOUT_RE, '') ?? null;
    if (text !== null && isPhone(text)) return text;
  }
  // A card is user-made content: an unusable phone is absent, not a reason to reject.
  return null;
}

/**
 * Data minimisation (the spec's local-storage rule: only the phone is taken from a shared
 * card, nothing else of the vCard is kept): a card keeps its origin, and its phone only when
 * it answers the contact request, the one card the contact book reads. Names, e-mails,
 * addresses, organisations, URLs and birthdays are never read; another card's phone (perhaps
 * a third party's) is read for validation only and dropped.
 */
export function readSharedContacts(message: JsonObject, path: string): SharedContact[] {
  const messageOrigin = optString(message, 'origin', path);
  return optArray(message, 'contacts', path).map((raw, i) => {
    const at = `${path}.contacts[${i}]`;
    const card = requireObject(raw, at);
    const phone = cardPhone(card, at);
    const origin = optString(card, 'origin', at) ?? messageOrigin;
    return { phone: origin === CONTACT_REQUEST ? phone : null, origin };
  });
}
