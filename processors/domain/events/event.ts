// The normalized event: the data-stream contract. Field names are fixed by the product
// (issue "Identity core" §5); absent values are `null`, never `undefined` or "".

/**
 * CALL: a Calling API event (`field: "calls"`): a call's connect / terminate, or the status of
 * a call the business placed; IN when the user called, OUT when the business did.
 * UNKNOWN: a webhook `field` this version does not model (e.g. `account_update`).
 * It is carried through with `rawPayload` rather than dropped; an unknown *message type*
 * stays a MESSAGE with its own `messageType`.
 */
export type EventType =
  'MESSAGE' | 'STATUS' | 'CALL' | 'IDENTITY_CHANGE' | 'USER_PREFERENCE' | 'OUTBOUND' | 'UNKNOWN';
export type Direction = 'IN' | 'OUT';
/** Which identifier the legacy `waid` field holds. */
export type WaidSource = 'PHONE' | 'BSUID' | 'NONE';
/** Why a phone number is present in an output (data masking provenance). */
export type PhoneSource =
  'WEBHOOK' | 'CONTACT_BOOK' | 'RECENT_INTERACTION' | 'USER_SHARED' | 'NONE';
export type ProviderName = 'meta' | '8x8' | 'twilio' | 'ycloud';

export interface NormalizedEvent {
  /** Deterministic: the same delivery (and Meta's redelivery of it) yields the same id. */
  eventId: string;
  eventType: EventType;
  /** IN: the user acted. OUT: about a message the business sent (status, echo). */
  direction: Direction;
  /** Epoch milliseconds, from the webhook's own timestamp (event time). */
  occurredAt: number;
  provider: ProviderName;
  portfolioId: string;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  /** Legacy field: the phone, else the BSUID. Never null when any identifier is known. */
  waid: string | null;
  waidSource: WaidSource;
  phone: string | null;
  phoneSource: PhoneSource;
  bsuid: string | null;
  parentBsuid: string | null;
  /** The WhatsApp username: a display handle, never an identifier. */
  userHandle: string | null;
  profileName: string | null;
  /** Priority rule: the phone when present, else the BSUID. */
  sessionKey: string | null;
  messageId: string | null;
  messageType: string | null;
  status: string | null;
  previousBsuid: string | null;
  previousPhone: string | null;

  // Additions for the resolve stage (issue 4 §5). Same null convention.
  /** Parent BSUID before a rotation (`previous_parent_user_id`, `parent_user_id.previous`). */
  previousParentBsuid: string | null;
  /** The webhook `field` the event came from (`messages`, `smb_message_echoes`, ...). */
  sourceField: string | null;
  /**
   * `contacts` messages only: each card's phone and Meta's `origin` (`contact_request` when
   * the user tapped the request-contact-info button). Evidence for USER_SHARED provenance;
   * a manual share (`other` / no origin) may be somebody else's card.
   */
  sharedContacts: SharedContact[] | null;
  /** Failed status: the first `errors[].code`, as text (correlate with the send log). */
  errorCode: string | null;
  /** user_preferences: `category` (e.g. marketing_messages) and `value` (stop / resume). */
  preferenceCategory: string | null;
  preferenceValue: string | null;
  /** Unknown message type or webhook field: the original JSON text, so nothing is lost. */
  rawPayload: string | null;

  // Additions of issue 12 (data-stream v3). Same null convention.
  /**
   * The person's stable id in this portfolio, whatever identifier the event shows
   * (identity/contact-id.ts has the exact definition); null for an event naming nobody.
   */
  contactId: string | null;
  /**
   * The outbound request this event is about: a message status's `biz_opaque_callback_data`
   * (the sender puts the request id there, Meta echoes it in every status of the message),
   * or the request a send result answers. Export sinks join a request's rows on it.
   */
  requestId: string | null;
  /**
   * On the IDENTITY_CHANGE of a merge of two known customers: the contactId the merge retired
   * (the absorbed customer's, or the survivor's when the absorbed root was known longer).
   */
  previousContactId: string | null;
}

export interface SharedContact {
  /** The card's phone as a WhatsApp id when Meta gives `wa_id`, else the card's digits. */
  phone: string | null;
  /** `contact_request` | `other` | anything newer Meta sends; null when absent. */
  origin: string | null;
}
