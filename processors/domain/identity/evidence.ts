// How an entry came to know what it knows: the identity lineage (old → new identifiers, each
// with the event that showed it and its time) and the phone's provenance (the source and
// event that disclosed the phone the entry holds now). Kept with the entry, so the lookup API
// and `contacts get` can answer "how do we know this?" from state alone. Bounded: the
// newest LINEAGE_LIMIT steps are kept.
import { SEND_RESPONSE_FIELD } from '../outbound/send-result.js';
import type { NormalizedEvent } from '../events/event.js';

export type LineageKind = 'BSUID_ROTATION' | 'PHONE_CHANGE' | 'USERNAME_CHANGE' | 'PHONE_LINKED';
export const LINEAGE_KINDS: readonly LineageKind[] = [
  'BSUID_ROTATION',
  'PHONE_CHANGE',
  'USERNAME_CHANGE',
  'PHONE_LINKED',
];

export interface LineageStep {
  kind: LineageKind;
  /** The identifier before the step (null when the user had none of that kind). */
  from: string | null;
  to: string | null;
  /** The event that showed the step, and its time (epoch ms, event time). */
  eventId: string | null;
  at: number | null;
}

export type PhoneSourceKind =
  'WEBHOOK' | 'CONTACT_BOOK' | 'USER_SHARED' | 'SEND_RESPONSE' | 'UNKNOWN';
export const PHONE_SOURCE_KINDS: readonly PhoneSourceKind[] = [
  'WEBHOOK',
  'CONTACT_BOOK',
  'USER_SHARED',
  'SEND_RESPONSE',
  'UNKNOWN',
];

export interface PhoneEvidence {
  source: PhoneSourceKind;
  eventId: string | null;
  at: number | null;
}

export const LINEAGE_LIMIT = 32;

const sameStep = (a: LineageStep, b: LineageStep): boolean =>
  a.kind === b.kind && a.from === b.from && a.to === b.to && a.eventId === b.eventId;

/** `steps` added to `lineage` once each, ordered by time (stable), the newest kept. */
export function withSteps(
  lineage: readonly LineageStep[],
  steps: readonly LineageStep[],
): LineageStep[] {
  const out = [...lineage];
  for (const step of steps) if (!out.some((s) => sameStep(s, step))) out.push(step);
  if (out.length === lineage.length) return out;
  const ordered = out
    .map((step, index) => ({ step, index }))
    .sort((a, b) => (a.step.at ?? 0) - (b.step.at ?? 0) || a.index - b.index)
    .map(({ step }) => step);
  return ordered.slice(-LINEAGE_LIMIT);
}

/** How a phone arrived with this event: the user shared it, a send response, or a webhook. */
export function phoneEvidenceOf(event: NormalizedEvent, userShared: boolean): PhoneEvidence {
  const source: PhoneSourceKind = userShared
    ? 'USER_SHARED'
    : event.sourceField === SEND_RESPONSE_FIELD
      ? 'SEND_RESPONSE'
      : 'WEBHOOK';
  return { source, eventId: event.eventId, at: event.occurredAt };
}

/** A phone handed over with another entry's history: its evidence, or "from the contact book". */
export function handedOverEvidence(evidence: PhoneEvidence | null, at: number): PhoneEvidence {
  return evidence ?? { source: 'CONTACT_BOOK', eventId: null, at };
}
