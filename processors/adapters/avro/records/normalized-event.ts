// NormalizedEvent ↔ its identity-events record: every field, internal ones included
// (`sharedContacts` is USER_SHARED evidence, `rawPayload` keeps an unknown payload), since the
// resolve stage needs them. This record never leaves the internal topic.
import type { NormalizedEvent, SharedContact } from '../../../domain/events/event.js';
import type { NormalizedEventV1 } from '../../../../schemas/whatsapp.identity.events-value/v1.js';
import {
  DIRECTIONS,
  EVENT_TYPES,
  PHONE_SOURCES,
  PROVIDERS,
  WAID_SOURCES,
  oneOf,
} from './checked.js';

function copyContacts(list: readonly SharedContact[] | null): SharedContact[] | null {
  return list === null ? null : list.map((c) => ({ phone: c.phone, origin: c.origin }));
}

/** The fields whose Avro and domain types are the same. */
function commonFields(e: NormalizedEvent | NormalizedEventV1) {
  return {
    eventId: e.eventId,
    occurredAt: e.occurredAt,
    portfolioId: e.portfolioId,
    wabaId: e.wabaId,
    businessPhoneNumberId: e.businessPhoneNumberId,
    waid: e.waid,
    phone: e.phone,
    bsuid: e.bsuid,
    parentBsuid: e.parentBsuid,
    userHandle: e.userHandle,
    profileName: e.profileName,
    sessionKey: e.sessionKey,
    messageId: e.messageId,
    messageType: e.messageType,
    status: e.status,
    previousBsuid: e.previousBsuid,
    previousPhone: e.previousPhone,
    previousParentBsuid: e.previousParentBsuid,
    sourceField: e.sourceField,
    sharedContacts: copyContacts(e.sharedContacts),
    errorCode: e.errorCode,
    preferenceCategory: e.preferenceCategory,
    preferenceValue: e.preferenceValue,
    rawPayload: e.rawPayload,
  };
}

export function normalizedEventToAvro(e: NormalizedEvent): NormalizedEventV1 {
  return {
    ...commonFields(e),
    eventType: e.eventType,
    direction: e.direction,
    provider: e.provider,
    waidSource: e.waidSource,
    phoneSource: e.phoneSource,
  };
}

export function normalizedEventFromAvro(v: NormalizedEventV1, field: string): NormalizedEvent {
  return {
    ...commonFields(v),
    eventType: oneOf(v.eventType, EVENT_TYPES, `${field}.eventType`),
    direction: oneOf(v.direction, DIRECTIONS, `${field}.direction`),
    provider: oneOf(v.provider, PROVIDERS, `${field}.provider`),
    waidSource: oneOf(v.waidSource, WAID_SOURCES, `${field}.waidSource`),
    phoneSource: oneOf(v.phoneSource, PHONE_SOURCES, `${field}.phoneSource`),
  };
}
