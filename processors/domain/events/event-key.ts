// Kafka key of an event: `<portfolioId>|<userKey>`, co-partitioned with the contact book.
// userKey is the BSUID when known; a phone never appears in clear, only as a keyed hash.
// This is the stateless default: the resolve stage re-keys phone-only events once it knows
// the BSUID behind the phone (alias), so keep all keying behind EventKeyFn.
import type { NormalizedEvent } from './event.js';

export type EventKeyFn = (event: NormalizedEvent) => string;

export function defaultEventKey(hashPhone: (phone: string) => string): EventKeyFn {
  return (event) => {
    const userKey =
      event.bsuid ??
      event.parentBsuid ??
      (event.phone !== null ? `phone:${hashPhone(event.phone)}` : null) ??
      // No user at all (an unknown field, an anonymous failed status): keep the event's
      // own messages together, else spread by event id.
      (event.messageId !== null ? `msg:${event.messageId}` : `evt:${event.eventId}`);
    return `${event.portfolioId}|${userKey}`;
  };
}
