// The one place that reads the split stage's event for the resolve rules. When the core's
// field names move, only `toResolveInput` changes.
import type { NormalizedEvent } from '../events/event.js';
import { isPhone } from '../identifiers/identifiers.js';
import { samePhone } from './keys.js';

export interface IdentityChangeEvidence {
  previousBsuid: string | null;
  previousPhone: string | null;
  previousParentBsuid: string | null;
}

export interface ResolveInput {
  event: NormalizedEvent;
  /** The phone as found in this webhook (the split stage is stateless: WEBHOOK or nothing). */
  webhookPhone: string | null;
  /**
   * A message or call exchanged with the user's phone: stamps the 30-day window and, with a
   * BSUID, stores the pair in the contact book. A failed status is no exchange.
   */
  isInteraction: boolean;
  /** The phone of a contact card sent in answer to a contact request (USER_SHARED). */
  userSharedPhone: string | null;
  identityChange: IdentityChangeEvidence | null;
}

const CONTACT_REQUEST = 'contact_request';

export function toResolveInput(event: NormalizedEvent): ResolveInput {
  return {
    event,
    webhookPhone: event.phone,
    isInteraction: isInteraction(event),
    userSharedPhone: userSharedPhone(event),
    identityChange:
      event.eventType === 'IDENTITY_CHANGE'
        ? {
            previousBsuid: event.previousBsuid,
            previousPhone: event.previousPhone,
            previousParentBsuid: event.previousParentBsuid,
          }
        : null,
  };
}

/** System notices the split keeps as messages: Meta's, not an exchange with the user. */
const SYSTEM_TYPES = new Set([
  'system',
  'customer_identity_changed',
  'user_changed_number',
  'customer_changed_number',
  'user_changed_user_id',
]);

/**
 * A call placed, rung, answered, refused or completed, whoever called ("sent a message or
 * call" / "received a message or call"). A FAILED terminate reached nobody, and a recording or
 * transcript notice is about a call already counted.
 */
const CALL_EXCHANGES = new Set([
  'connect',
  'call_created',
  'COMPLETED',
  'RINGING',
  'ACCEPTED',
  'REJECTED',
]);

/**
 * Meta's window: the user messaged or called the business number, or the business number sent
 * a message or call to the user's phone. So a user's message counts, and so does a message the
 * business sent: its echo from the WhatsApp Business app (`smb_message_echoes`), or a status
 * of a send that went out (not `failed`, and not `unknown`: a send whose answer was lost), and
 * so do calls either way (`CALL_EXCHANGES`).
 */
function isInteraction(event: NormalizedEvent): boolean {
  if (event.eventType === 'MESSAGE') return !SYSTEM_TYPES.has(event.messageType ?? '');
  if (event.eventType === 'CALL') return CALL_EXCHANGES.has(event.status ?? '');
  if (event.eventType === 'STATUS') {
    return event.status !== null && event.status !== 'failed' && event.status !== 'unknown';
  }
  return event.eventType === 'OUTBOUND' && event.sourceField === 'smb_message_echoes';
}

/**
 * Only a card answering the contact request links a phone: any other card may be somebody
 * else's number. Two different requested phones in one message are ambiguous: none is linked.
 */
function userSharedPhone(event: NormalizedEvent): string | null {
  if (event.eventType !== 'MESSAGE' || event.direction !== 'IN') return null;
  const phones: string[] = [];
  for (const card of event.sharedContacts ?? []) {
    if (card.origin !== CONTACT_REQUEST || card.phone === null || !isPhone(card.phone)) continue;
    if (!phones.some((p) => samePhone(p, card.phone))) phones.push(card.phone);
  }
  return phones.length === 1 ? (phones[0] ?? null) : null;
}
