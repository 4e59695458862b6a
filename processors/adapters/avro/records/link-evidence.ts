// LinkEvidence ↔ its identity-events record (carried by linkPhone and absorb commands).
import type { LinkEvidence } from '../../../domain/identity/commands.js';
import type { LinkEvidenceV1 } from '../../../../schemas/whatsapp.identity.events-value/v1.js';
import { LINK_REASONS, PROVIDERS, oneOf } from './checked.js';

export function evidenceToAvro(e: LinkEvidence | null): LinkEvidenceV1 | null {
  if (e === null) return null;
  return {
    reason: e.reason,
    eventId: e.eventId,
    messageId: e.messageId,
    occurredAt: e.occurredAt,
    provider: e.provider,
    wabaId: e.wabaId,
    businessPhoneNumberId: e.businessPhoneNumberId,
    phoneInWebhook: e.phoneInWebhook,
  };
}

export function evidenceFromAvro(v: LinkEvidenceV1 | null, field: string): LinkEvidence | null {
  if (v === null) return null;
  return {
    reason: oneOf(v.reason, LINK_REASONS, `${field}.reason`),
    eventId: v.eventId,
    messageId: v.messageId,
    occurredAt: v.occurredAt,
    provider: oneOf(v.provider, PROVIDERS, `${field}.provider`),
    wabaId: v.wabaId,
    businessPhoneNumberId: v.businessPhoneNumberId,
    phoneInWebhook: v.phoneInWebhook,
  };
}
