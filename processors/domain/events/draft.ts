// What a provider adapter produces: an event before the split stage gives it a portfolio,
// an id and its derived identity fields (waid, sessionKey, sources).
import type { Direction, EventType, SharedContact } from './event.js';
import type { WaiError } from '../errors.js';

/** The user side of an event, as found in the webhook (nothing inferred). */
export interface UserIdentity {
  phone: string | null;
  bsuid: string | null;
  parentBsuid: string | null;
  userHandle: string | null;
  profileName: string | null;
}

export interface EventDraft {
  eventType: EventType;
  direction: Direction;
  sourceField: string | null;
  /** Epoch ms; null when the payload has no time of its own (split applies its fallback). */
  occurredAt: number | null;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  user: UserIdentity;
  messageId: string | null;
  messageType: string | null;
  status: string | null;
  previousBsuid: string | null;
  previousPhone: string | null;
  previousParentBsuid: string | null;
  sharedContacts: SharedContact[] | null;
  errorCode: string | null;
  preferenceCategory: string | null;
  preferenceValue: string | null;
  rawPayload: string | null;
  /** The outbound request this event is about (a status's `biz_opaque_callback_data`). */
  requestId: string | null;
  /**
   * Stable content the event id is hashed from (the split prepends the provider). Never a
   * position in the delivery or a time of receipt, so a redelivery gets the same id.
   */
  idParts: string[];
}

/** One adapter's reading of a delivery: every item that parsed, and every item that did not. */
export interface ParsedDelivery {
  drafts: EventDraft[];
  errors: WaiError[];
}

export const NO_USER: UserIdentity = Object.freeze({
  phone: null,
  bsuid: null,
  parentBsuid: null,
  userHandle: null,
  profileName: null,
});

export interface DraftBase {
  eventType: EventType;
  direction: Direction;
  sourceField: string | null;
  occurredAt: number | null;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  idParts: string[];
}

/** A draft with every optional field null, so each parser states only what it knows. */
export function makeDraft(base: DraftBase, fields: Partial<EventDraft> = {}): EventDraft {
  return {
    user: NO_USER,
    messageId: null,
    messageType: null,
    status: null,
    previousBsuid: null,
    previousPhone: null,
    previousParentBsuid: null,
    sharedContacts: null,
    errorCode: null,
    preferenceCategory: null,
    preferenceValue: null,
    rawPayload: null,
    requestId: null,
    ...base,
    ...fields,
  };
}
