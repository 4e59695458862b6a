// TypeScript shape of v1.avsc: exactly one field is set. ContactEntry is the contact-book
// subject's record, by the same full name. Written by hand; test/contract checks every
// record's fields.
import type { ContactEntryV1 } from '../whatsapp.contact-book-value/v1.js';

export interface SharedContactV1 {
  phone: string | null;
  origin: string | null;
}

export interface NormalizedEventV1 {
  eventId: string;
  eventType: string;
  direction: string;
  occurredAt: number;
  provider: string;
  portfolioId: string;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  waid: string | null;
  waidSource: string;
  phone: string | null;
  phoneSource: string;
  bsuid: string | null;
  parentBsuid: string | null;
  userHandle: string | null;
  profileName: string | null;
  sessionKey: string | null;
  messageId: string | null;
  messageType: string | null;
  status: string | null;
  previousBsuid: string | null;
  previousPhone: string | null;
  previousParentBsuid: string | null;
  sourceField: string | null;
  sharedContacts: SharedContactV1[] | null;
  errorCode: string | null;
  preferenceCategory: string | null;
  preferenceValue: string | null;
  rawPayload: string | null;
}

export interface LinkEvidenceV1 {
  reason: string;
  eventId: string;
  messageId: string | null;
  occurredAt: number;
  provider: string;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  phoneInWebhook: boolean;
}

export interface OutboundRequestV1 {
  requestId: string;
  businessPhoneNumberId: string;
  portfolioId: string;
  waid: string;
  waidKind: string;
  /** The client's message object as JSON text. */
  message: string;
  requestedAt: number;
}

export interface EventItemV1 {
  event: NormalizedEventV1;
  hops: number;
}

export interface OutboundItemV1 {
  request: OutboundRequestV1;
  hops: number;
}

export interface LinkPhoneV1 {
  target: string;
  at: number;
  evidence: LinkEvidenceV1 | null;
  handoverFrom: string[];
}

export interface AbsorbV1 {
  source: string;
  snapshot: ContactEntryV1;
  announce: LinkEvidenceV1 | null;
  hops: number;
}

export interface SupersedeV1 {
  target: string;
  at: number;
  hops: number;
}

export interface ReleasePhoneV1 {
  phoneKey: string;
  at: number;
}

export interface DeleteContactV1 {
  at: number;
  hops: number;
}

export interface PurgeIfPointsToV1 {
  targets: string[];
}

export interface SetContactBookV1 {
  enabled: boolean;
  at: number;
}

export interface PurgePortfolioV1 {
  portfolioId: string;
  at: number;
}

export interface IdentityEventV1 {
  event: EventItemV1 | null;
  outbound: OutboundItemV1 | null;
  linkPhone: LinkPhoneV1 | null;
  absorb: AbsorbV1 | null;
  supersede: SupersedeV1 | null;
  releasePhone: ReleasePhoneV1 | null;
  deleteContact: DeleteContactV1 | null;
  purgeIfPointsTo: PurgeIfPointsToV1 | null;
  setContactBook: SetContactBookV1 | null;
  purgePortfolio: PurgePortfolioV1 | null;
}
