// Data masking and phone provenance. An output shows a phone only for one of four reasons,
// checked in this order: it is in this webhook; the user shared it through the
// contact-request card; the portfolio's contact book holds it; this business number
// exchanged a message with it within the window before the event. Otherwise the phone is
// withheld even when the state knows it. Every input is event time, so replays agree.
import type { PhoneSource, WaidSource } from '../events/event.js';
import type { ContactEntry } from './entry.js';
import type { PortfolioSettings } from './portfolio.js';
import { own } from '../input/own.js';

export interface Disclosure {
  phone: string | null;
  phoneSource: PhoneSource;
}

export interface DisclosureContext {
  webhookPhone: string | null;
  businessPhoneNumberId: string | null;
  at: number;
}

const WITHHELD: Disclosure = { phone: null, phoneSource: 'NONE' };

export function disclosePhone(
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  ctx: DisclosureContext,
  windowMs: number,
): Disclosure {
  if (ctx.webhookPhone !== null) return { phone: ctx.webhookPhone, phoneSource: 'WEBHOOK' };
  if (entry === undefined || entry.phone === null || entry.supersededBy !== null) return WITHHELD;
  if (entry.inContactBook && settings.contactBookEnabled) {
    const source = entry.contactBookVia === 'USER_SHARED' ? 'USER_SHARED' : 'CONTACT_BOOK';
    return { phone: entry.phone, phoneSource: source };
  }
  const last =
    ctx.businessPhoneNumberId === null
      ? undefined
      : own(entry.lastInteractionAt, ctx.businessPhoneNumberId);
  if (last !== undefined && withinWindow(last, ctx.at, windowMs)) {
    return { phone: entry.phone, phoneSource: 'RECENT_INTERACTION' };
  }
  return WITHHELD;
}

/**
 * "Within the 30 days before the event", closed at both ends: an exchange exactly
 * 30×24h earlier still counts, one millisecond more does not. An exchange stamped later
 * than the event (out-of-order delivery) is not "before" it and does not count.
 */
export function withinWindow(interactionAt: number, at: number, windowMs: number): boolean {
  const age = at - interactionAt;
  return age >= 0 && age <= windowMs;
}

export interface IdentityFields {
  waid: string | null;
  waidSource: WaidSource;
  sessionKey: string | null;
}

/** Priority rule: the phone when it may be shown, else the BSUID (auto-normalization). */
export function identityFields(phone: string | null, bsuid: string | null): IdentityFields {
  if (phone !== null) return { waid: phone, waidSource: 'PHONE', sessionKey: phone };
  if (bsuid !== null) return { waid: bsuid, waidSource: 'BSUID', sessionKey: bsuid };
  return { waid: null, waidSource: 'NONE', sessionKey: null };
}
