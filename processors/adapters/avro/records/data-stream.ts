// NormalizedEvent ↔ data-stream v3, the subscribers' contract. `sharedContacts` and
// `rawPayload` are internal: they may hold phone numbers the masking rules withheld from this
// very event, so they never reach the stream. Reading back gives them as null.
import type { NormalizedEvent } from '../../../domain/events/event.js';
import type { DataStreamEventV3 } from '../../../../schemas/whatsapp.data-stream-value/v3.js';
import {
  DIRECTIONS,
  EVENT_TYPES,
  PHONE_SOURCES,
  PROVIDERS,
  WAID_SOURCES,
  oneOf,
  present,
} from './checked.js';

export function dataStreamToAvro(e: NormalizedEvent): DataStreamEventV3 {
  return {
    eventId: e.eventId,
    eventType: e.eventType,
    occurredAt: e.occurredAt,
    wabaId: e.wabaId,
    businessPhoneNumberId: e.businessPhoneNumberId,
    waid: e.waid,
    profileName: e.profileName,
    messageId: e.messageId,
    messageType: e.messageType,
    status: e.status,
    direction: e.direction,
    provider: e.provider,
    portfolioId: e.portfolioId,
    waidSource: e.waidSource,
    phone: e.phone,
    phoneSource: e.phoneSource,
    bsuid: e.bsuid,
    parentBsuid: e.parentBsuid,
    userHandle: e.userHandle,
    sessionKey: e.sessionKey,
    previousBsuid: e.previousBsuid,
    previousPhone: e.previousPhone,
    previousParentBsuid: e.previousParentBsuid,
    sourceField: e.sourceField,
    errorCode: e.errorCode,
    preferenceCategory: e.preferenceCategory,
    preferenceValue: e.preferenceValue,
    contactId: e.contactId,
    requestId: e.requestId,
    previousContactId: e.previousContactId,
  };
}

/**
 * For records this product wrote (v2, v3): the v2 fields the domain requires must be set. A v1
 * record (no direction, provider, portfolio, sources) is read with the Avro value instead; a
 * v2 record read with v3 has a null contactId and requestId.
 */
export function dataStreamFromAvro(v: DataStreamEventV3): NormalizedEvent {
  const field = (name: string) => `data-stream.${name}`;
  return {
    eventId: v.eventId,
    eventType: oneOf(v.eventType, EVENT_TYPES, field('eventType')),
    direction: oneOf(present(v.direction, field('direction')), DIRECTIONS, field('direction')),
    occurredAt: v.occurredAt,
    provider: oneOf(present(v.provider, field('provider')), PROVIDERS, field('provider')),
    portfolioId: present(v.portfolioId, field('portfolioId')),
    wabaId: v.wabaId,
    businessPhoneNumberId: v.businessPhoneNumberId,
    waid: v.waid,
    waidSource: oneOf(
      present(v.waidSource, field('waidSource')),
      WAID_SOURCES,
      field('waidSource'),
    ),
    phone: v.phone,
    phoneSource: oneOf(
      present(v.phoneSource, field('phoneSource')),
      PHONE_SOURCES,
      field('phoneSource'),
    ),
    bsuid: v.bsuid,
    parentBsuid: v.parentBsuid,
    userHandle: v.userHandle,
    profileName: v.profileName,
    sessionKey: v.sessionKey,
    messageId: v.messageId,
    messageType: v.messageType,
    status: v.status,
    previousBsuid: v.previousBsuid,
    previousPhone: v.previousPhone,
    previousParentBsuid: v.previousParentBsuid,
    sourceField: v.sourceField,
    sharedContacts: null,
    errorCode: v.errorCode,
    preferenceCategory: v.preferenceCategory,
    preferenceValue: v.preferenceValue,
    rawPayload: null,
    contactId: v.contactId,
    requestId: v.requestId,
    previousContactId: v.previousContactId,
  };
}
