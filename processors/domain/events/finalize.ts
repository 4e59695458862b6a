// Draft → NormalizedEvent: the stateless identity rules of the spec.
//   waid        the phone, else the BSUID (else the parent BSUID): never empty when any
//               identifier is known ("auto-normalization"), with a source indicator.
//   sessionKey  priority rule: the phone when present, else the BSUID.
//   phoneSource a phone here came in the webhook; the resolve stage may add CONTACT_BOOK /
//               RECENT_INTERACTION / USER_SHARED from its state.
import type { EventDraft } from './draft.js';
import type { NormalizedEvent, ProviderName } from './event.js';
import { stableId } from '../identifiers/digest.js';

export interface FinalizeInput {
  draft: EventDraft;
  provider: ProviderName;
  portfolioId: string;
  occurredAt: number;
}

export function eventIdOf(provider: ProviderName, draft: EventDraft): string {
  return stableId([provider, ...draft.idParts]);
}

export function finalizeEvent({
  draft,
  provider,
  portfolioId,
  occurredAt,
}: FinalizeInput): NormalizedEvent {
  const { user } = draft;
  const userId = user.bsuid ?? user.parentBsuid;
  const waid = user.phone ?? userId;
  // Built field by field, in contract order, so every output lists fields the same way.
  return {
    eventId: eventIdOf(provider, draft),
    eventType: draft.eventType,
    direction: draft.direction,
    occurredAt,
    provider,
    portfolioId,
    wabaId: draft.wabaId,
    businessPhoneNumberId: draft.businessPhoneNumberId,
    waid,
    waidSource: user.phone !== null ? 'PHONE' : userId !== null ? 'BSUID' : 'NONE',
    phone: user.phone,
    phoneSource: user.phone !== null ? 'WEBHOOK' : 'NONE',
    bsuid: user.bsuid,
    parentBsuid: user.parentBsuid,
    userHandle: user.userHandle,
    profileName: user.profileName,
    sessionKey: waid,
    messageId: draft.messageId,
    messageType: draft.messageType,
    status: draft.status,
    previousBsuid: draft.previousBsuid,
    previousPhone: draft.previousPhone,
    previousParentBsuid: draft.previousParentBsuid,
    sourceField: draft.sourceField,
    sharedContacts: draft.sharedContacts,
    errorCode: draft.errorCode,
    preferenceCategory: draft.preferenceCategory,
    preferenceValue: draft.preferenceValue,
    rawPayload: draft.rawPayload,
    // Stamped by the resolve stage once the input's lineage edges are applied.
    contactId: null,
    requestId: draft.requestId,
    previousContactId: null,
  };
}
