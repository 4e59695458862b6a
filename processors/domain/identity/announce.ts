// The IDENTITY_CHANGE a merge emits when new evidence (a phone+BSUID exchange, a
// contact-request card) proves that a phone-keyed customer is a BSUID's: an auditable event
// with both ids, masked like any other output, and with a deterministic id.
import { stableId } from '../identifiers/digest.js';
import type { NormalizedEvent } from '../events/event.js';
import type { LinkEvidence } from './commands.js';
import type { ResolverConfig } from './config.js';
import type { ContactEntry } from './entry.js';
import { disclosePhone, identityFields } from './masking.js';
import type { PortfolioSettings } from './portfolio.js';

/** Deterministic id of the IDENTITY_CHANGE a merge emits, so a re-applied merge is one event. */
export function mergeEventId(evidence: LinkEvidence, source: string): string {
  return stableId(['merge', evidence.eventId, source]);
}

export function mergeAnnouncement(
  eventId: string,
  entry: ContactEntry,
  settings: PortfolioSettings,
  evidence: LinkEvidence,
  config: ResolverConfig,
  /** The contactId the merge retired, if the two customers had different ones. */
  retiredContactId: string | null,
): NormalizedEvent {
  const ctx = {
    webhookPhone: evidence.phoneInWebhook ? entry.phone : null,
    businessPhoneNumberId: evidence.businessPhoneNumberId,
    at: evidence.occurredAt,
  };
  const disclosure = disclosePhone(entry, settings, ctx, config.recentInteractionWindowMs);
  return {
    eventId,
    eventType: 'IDENTITY_CHANGE',
    direction: 'IN',
    occurredAt: evidence.occurredAt,
    provider: evidence.provider,
    portfolioId: entry.portfolioId,
    wabaId: evidence.wabaId,
    businessPhoneNumberId: evidence.businessPhoneNumberId,
    ...disclosure,
    ...identityFields(disclosure.phone, entry.bsuid),
    bsuid: entry.bsuid,
    parentBsuid: entry.parentBsuid,
    userHandle: entry.username,
    profileName: entry.profileName,
    messageId: evidence.messageId,
    // The link's evidence: what proved that the phone-keyed customer is this BSUID.
    messageType: evidence.reason === 'CONTACT_REQUEST' ? 'contact_request' : 'phone_bsuid_pair',
    status: null,
    previousBsuid: null,
    previousPhone: disclosure.phone,
    previousParentBsuid: null,
    sourceField: null,
    sharedContacts: null,
    errorCode: null,
    preferenceCategory: null,
    preferenceValue: null,
    rawPayload: null,
    contactId: null,
    requestId: null,
    previousContactId: retiredContactId,
  };
}
