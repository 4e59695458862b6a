// Builders for the resolve tests: events as the split stage emits them (stateless: the phone
// is the webhook's or null), a memory resolver with a test secret, and record filters.
import { expect } from '@jest/globals';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import {
  hmacPhoneHasher,
  type ResolverOptions,
} from '../../../processors/domain/identity/config.js';
import type { ContactBookState } from '../../../processors/domain/identity/contact-book-state.js';
import type { ContactEntry } from '../../../processors/domain/identity/entry.js';
import type { ExportLogRow } from '../../../processors/domain/identity/export-log.js';
import { contactKey, phoneKey } from '../../../processors/domain/identity/keys.js';
import {
  createMemoryResolver,
  type MemoryResolver,
} from '../../../processors/domain/identity/memory-resolver.js';
import type { OutputRecord } from '../../../processors/domain/identity/records.js';

export const PORTFOLIO = 'portfolio-acme';
export const OTHER_PORTFOLIO = 'portfolio-globex';
export const BPN = '106540352242922';
export const OTHER_BPN = '106540352242999';
export const PHONE = '16505551234';
export const NEW_PHONE = '12195555358';
export const BSUID = 'US.13491208655302741918';
export const NEW_BSUID = 'US.24817305912873645029';
export const PARENT = 'US.ENT.11815799212886844830';

export const hashPhone = hmacPhoneHasher('test-secret-for-resolve-unit-tests');

export const DAY = 24 * 60 * 60 * 1000;
export const HOUR = 60 * 60 * 1000;
/** Epoch ms of an ISO time (UTC). */
export const t = (iso: string): number => Date.parse(`${iso}Z`);

export function newResolver(
  options: Partial<ResolverOptions> = {},
  state?: ContactBookState,
): MemoryResolver {
  const portfolios: Record<string, string> = { [BPN]: PORTFOLIO, [OTHER_BPN]: PORTFOLIO };
  return createMemoryResolver(
    { hashPhone, portfolioOf: (bpn) => portfolios[bpn], ...options },
    state,
  );
}

let counter = 0;

/** An event as split emits it; identity fields derived by the priority rule. */
export function event(fields: Partial<NormalizedEvent> & { occurredAt: number }): NormalizedEvent {
  counter += 1;
  const phone = fields.phone ?? null;
  const bsuid = fields.bsuid ?? null;
  return {
    eventId: `evt-${counter}`,
    eventType: 'MESSAGE',
    direction: 'IN',
    provider: 'meta',
    portfolioId: PORTFOLIO,
    wabaId: '102290129340398',
    businessPhoneNumberId: BPN,
    waid: phone ?? bsuid,
    waidSource: phone !== null ? 'PHONE' : bsuid !== null ? 'BSUID' : 'NONE',
    phoneSource: phone !== null ? 'WEBHOOK' : 'NONE',
    parentBsuid: null,
    userHandle: null,
    profileName: null,
    sessionKey: phone ?? bsuid,
    messageId: `wamid.${counter}`,
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
    phone,
    bsuid,
  };
}

export function statusEvent(
  fields: Partial<NormalizedEvent> & { occurredAt: number; status: string },
): NormalizedEvent {
  return event({ eventType: 'STATUS', direction: 'OUT', messageType: null, ...fields });
}

export function of(records: OutputRecord[], topic: 'data-stream'): NormalizedEvent[];
export function of(records: OutputRecord[], topic: 'export-log'): ExportLogRow[];
export function of(records: OutputRecord[], topic: OutputRecord['topic']): unknown[];
export function of(records: OutputRecord[], topic: OutputRecord['topic']): unknown[] {
  return records.filter((r) => r.topic === topic).map((r) => r.value);
}

/** The single data-stream event an input produced. */
export function streamed(records: OutputRecord[]): NormalizedEvent {
  const events = of(records, 'data-stream');
  expect(events).toHaveLength(1);
  return events[0] as NormalizedEvent;
}

export const bsuidKey = (bsuid: string, portfolio = PORTFOLIO): string =>
  contactKey(portfolio, bsuid);
export const phoneKeyOf = (phone: string, portfolio = PORTFOLIO): string =>
  phoneKey(portfolio, hashPhone, phone);

export function entryOf(resolver: MemoryResolver, key: string): ContactEntry | undefined {
  return resolver.entries().get(key);
}
