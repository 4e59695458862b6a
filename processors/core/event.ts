// The normalized event: the data-stream contract. Field names are fixed by the product
// (issue "Identity core" §5); absent values are `null`, never `undefined` or "".

export type EventType = 'MESSAGE' | 'STATUS' | 'IDENTITY_CHANGE' | 'USER_PREFERENCE' | 'OUTBOUND';
export type Direction = 'IN' | 'OUT';
/** Which identifier the legacy `waid` field holds. */
export type WaidSource = 'PHONE' | 'BSUID' | 'NONE';
/** Why a phone number is present in an output (data masking provenance). */
export type PhoneSource = 'WEBHOOK' | 'CONTACT_BOOK' | 'RECENT_INTERACTION' | 'USER_SHARED' | 'NONE';
export type ProviderName = 'meta' | '8x8' | 'twilio';

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
}
