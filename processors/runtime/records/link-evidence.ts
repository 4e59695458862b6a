// LinkEvidence ↔ its identity-events record (carried by linkPhone and absorb commands).
import type { LinkEvidence } from '../../resolve/commands.js';
import { LINK_REASONS, PROVIDERS, oneOf } from './checked.js';

/** io.waidentity.identity.LinkEvidence, v1. */
export interface LinkEvidenceAvro {
  reason: string;
  eventId: string;
  messageId: string | null;
  occurredAt: number;
  provider: string;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  phoneInWebhook: boolean;
}

export function evidenceToAvro(e: LinkEvidence | null): LinkEvidenceAvro | null {
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

export function evidenceFromAvro(v: LinkEvidenceAvro | null, field: string): LinkEvidence | null {
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
