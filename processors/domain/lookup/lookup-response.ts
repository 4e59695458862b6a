// The 200 body of `GET /v1/contacts/{portfolioId}/{id}` built from a committed entry.
// Pure: the caller passes the grant, the clock and the evidence it holds; nullable fields
// are always present as null. The phone is shown only to a token granting phones.
import type { ContactEntry } from '../identity/entry.js';

export type PhoneProvenanceSource =
  'WEBHOOK' | 'CONTACT_BOOK' | 'USER_SHARED' | 'SEND_RESPONSE' | 'UNKNOWN';

export type LineageKind = 'BSUID_ROTATION' | 'PHONE_CHANGE' | 'USERNAME_CHANGE' | 'PHONE_LINKED';

export interface LineageStep {
  kind: LineageKind;
  from: string | null;
  to: string | null;
  eventId: string | null;
  at: string | null;
}

export interface PhoneProvenance {
  source: PhoneProvenanceSource;
  eventId: string | null;
  at: string | null;
}

export interface LookupEvidence {
  lineage: readonly LineageStep[];
  phoneProvenance: PhoneProvenance | null;
}

export interface LookupContext {
  revealPhones: boolean;
  windowMs: number;
  now: number;
  servedBy: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** `+1555•••4567`: up to four leading and four trailing digits; at least three stay hidden. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  const keep = Math.min(4, Math.floor((digits.length - 3) / 2));
  return `+${digits.slice(0, keep)}•••${digits.slice(digits.length - keep)}`;
}

function displayPhone(phone: string): string {
  return phone.startsWith('+') ? phone : `+${phone}`;
}

const PHONE_STEPS: readonly LineageKind[] = ['PHONE_CHANGE', 'PHONE_LINKED'];

/** A phone step's numbers are masked like the phone itself, unless the grant reveals phones. */
function shownStep(step: LineageStep, reveal: boolean): LineageStep {
  if (!PHONE_STEPS.includes(step.kind)) return { ...step };
  const show = (p: string | null) => (p === null ? null : reveal ? displayPhone(p) : maskPhone(p));
  return { ...step, from: show(step.from), to: show(step.to) };
}

/**
 * Meta's rule for showing a phone: the pair is in the contact book, or the user interacted
 * with one of the business's numbers in the last 30 days. Outside it (a deleted entry whose
 * windows closed, a user known before the contact book) the API shows no phone at all, to
 * any token, as the data stream would not.
 */
function phoneShowable(entry: ContactEntry, ctx: LookupContext): boolean {
  if (entry.inContactBook) return true;
  return Object.values(entry.lastInteractionAt).some(
    (last) => ctx.now >= last && ctx.now <= last + ctx.windowMs,
  );
}

export function buildLookupResponse(
  entry: ContactEntry,
  evidence: LookupEvidence,
  ctx: LookupContext,
) {
  const showable = phoneShowable(entry, ctx);
  const phone = showable ? entry.phone : null;
  const phoneRevealed = phone !== null && ctx.revealPhones;
  return {
    portfolioId: entry.portfolioId,
    key: `${entry.portfolioId}|${entry.userKey}`,
    contactId: entry.contactId,
    bsuid: entry.bsuid,
    parentBsuid: entry.parentBsuid,
    username: entry.username,
    profileName: entry.profileName,
    phone: phone === null ? null : phoneRevealed ? displayPhone(phone) : maskPhone(phone),
    phoneRevealed,
    contactBook: {
      inContactBook: entry.inContactBook,
      since: iso(entry.contactBookSince),
      via: entry.contactBookVia,
    },
    phoneProvenance: phone === null ? null : evidence.phoneProvenance,
    interactionWindows: Object.entries(entry.lastInteractionAt)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([businessPhoneNumberId, last]) => ({
        businessPhoneNumberId,
        lastInteractionAt: iso(last),
        openUntil: iso(last + ctx.windowMs),
        open: ctx.now >= last && ctx.now <= last + ctx.windowMs,
      })),
    lineage: evidence.lineage.map((step) => shownStep(step, showable && ctx.revealPhones)),
    recentEvents: entry.recentEventIds.map((eventId) => ({ eventId, kind: null, at: null })),
    firstSeenAt: iso(entry.firstSeenAt),
    lastSeenAt: iso(entry.lastSeenAt),
    servedBy: ctx.servedBy,
  };
}

export type LookupResponse = ReturnType<typeof buildLookupResponse>;
