// Domain values for the mapper tests, and the byte round trip they go through: Avro value →
// bytes with the subject's latest schema → Avro value (what a reader of the topic gets).
import type avro from 'avsc';
import type { NormalizedEvent } from '../../../../processors/domain/events/event.js';
import type { OutboundRequest } from '../../../../processors/domain/outbound/request.js';
import type { LinkEvidence } from '../../../../processors/domain/identity/commands.js';
import type { ContactEntry } from '../../../../processors/domain/identity/entry.js';
import { latestVersion } from '../../../../processors/adapters/avro/catalog.js';

export const BSUID = 'US.13491208655302741918';
export const PARENT = 'US.ENT.11815799212886844830';
export const PHONE = '16505551234';
/** The longest BSUID the spec allows: CC. + 128 alphanumerics. */
export const LONG_BSUID = `BR.${'A1b2C3d4'.repeat(16)}`;
export const PORTFOLIO = 'portfolio-acme';
export const AT = Date.UTC(2026, 5, 1, 12, 30);

const latest = new Map<string, avro.Type>();

export function viaBytes<T>(subject: string, value: T): T {
  let type = latest.get(subject);
  if (type === undefined) latest.set(subject, (type = latestVersion(subject).type));
  return type.fromBuffer(type.toBuffer(value)) as T;
}

export function event(fields: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    eventId: 'evt-1',
    eventType: 'MESSAGE',
    direction: 'IN',
    occurredAt: AT,
    provider: 'meta',
    portfolioId: PORTFOLIO,
    wabaId: '102290129340398',
    businessPhoneNumberId: '106540352242922',
    waid: BSUID,
    waidSource: 'BSUID',
    phone: null,
    phoneSource: 'NONE',
    bsuid: BSUID,
    parentBsuid: null,
    userHandle: 'sheena.n',
    profileName: 'Sheena',
    sessionKey: BSUID,
    messageId: 'wamid.1',
    messageType: 'text',
    status: null,
    previousBsuid: null,
    previousPhone: null,
    previousParentBsuid: null,
    sourceField: 'messages',
    sharedContacts: null,
    errorCode: null,
    preferenceCategory: null,
    preferenceValue: null,
    rawPayload: null,
    contactId: null,
    requestId: null,
    previousContactId: null,
    ...fields,
  };
}

/** Every field set, the internal ones included. */
export function fullEvent(): NormalizedEvent {
  return event({
    eventType: 'IDENTITY_CHANGE',
    direction: 'OUT',
    provider: '8x8',
    waid: PHONE,
    waidSource: 'PHONE',
    phone: PHONE,
    phoneSource: 'USER_SHARED',
    parentBsuid: PARENT,
    sessionKey: PHONE,
    status: 'failed',
    previousBsuid: LONG_BSUID,
    previousPhone: '+12195555358',
    previousParentBsuid: 'US.ENT.1',
    sourceField: 'smb_message_echoes',
    sharedContacts: [
      { phone: PHONE, origin: 'contact_request' },
      { phone: null, origin: null },
    ],
    errorCode: '131062',
    preferenceCategory: 'marketing_messages',
    preferenceValue: 'stop',
    rawPayload: '{"calls":[{"id":"c1","ü":"ß ☎"}]}',
    contactId: '6f1d0c3b8e2a4f5d9c7b1a0e3d2c4b5a',
    requestId: 'req-7',
    previousContactId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  });
}

export function entry(fields: Partial<ContactEntry> = {}): ContactEntry {
  return {
    portfolioId: PORTFOLIO,
    userKey: BSUID,
    supersededBy: null,
    contactId: '6f1d0c3b8e2a4f5d9c7b1a0e3d2c4b5a',
    bsuid: BSUID,
    parentBsuid: PARENT,
    phone: PHONE,
    username: 'sheena.n',
    profileName: 'Sheena',
    inContactBook: true,
    contactBookSince: AT - 1000,
    contactBookVia: 'USER_SHARED',
    lastInteractionAt: { '106540352242922': AT, '106540352242999': AT - 86_400_000 },
    firstSeenAt: AT - 5_000_000,
    lastSeenAt: AT,
    previousBsuids: ['US.1', LONG_BSUID],
    previousPhones: ['+12195555358'],
    recentEventIds: ['evt-1', 'outbound:req-1'],
    lineage: [
      { kind: 'BSUID_ROTATION', from: 'US.1', to: BSUID, eventId: 'evt-1', at: AT - 2000 },
      { kind: 'PHONE_LINKED', from: null, to: PHONE, eventId: null, at: null },
    ],
    phoneEvidence: { source: 'USER_SHARED', eventId: 'evt-1', at: AT - 1000 },
    ...fields,
  };
}

/** A bare pointer: nothing personal, every collection empty. */
export function pointer(): ContactEntry {
  return entry({
    userKey: 'phone:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    supersededBy: `${PORTFOLIO}|${BSUID}`,
    bsuid: null,
    parentBsuid: null,
    phone: null,
    username: null,
    profileName: null,
    inContactBook: false,
    contactBookSince: null,
    contactBookVia: null,
    lastInteractionAt: {},
    previousBsuids: [],
    previousPhones: [],
    recentEventIds: [],
  });
}

export function evidence(fields: Partial<LinkEvidence> = {}): LinkEvidence {
  return {
    reason: 'PHONE_BSUID_PAIR',
    eventId: 'evt-1',
    messageId: 'wamid.1',
    occurredAt: AT,
    provider: 'twilio',
    wabaId: null,
    businessPhoneNumberId: '106540352242922',
    phoneInWebhook: true,
    ...fields,
  };
}

export function request(fields: Partial<OutboundRequest> = {}): OutboundRequest {
  return {
    requestId: 'req-1',
    businessPhoneNumberId: '106540352242922',
    portfolioId: PORTFOLIO,
    waid: BSUID,
    waidKind: 'BSUID',
    message: {
      type: 'template',
      template: { name: 'order_update', language: { code: 'en' }, components: [] },
    },
    requestedAt: AT,
    ...fields,
  };
}
