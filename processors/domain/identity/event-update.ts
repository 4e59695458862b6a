// How one event changes its user's entry. The entry's own identifiers come from its key;
// an event forwarded from an old identity (an old phone, a rotated-away BSUID) updates only
// the seen times, so a late event can never roll the current customer back.
import type { ResolverConfig } from './config.js';
import { addUnique, seenAt, withPhone, type ContactEntry } from './entry.js';
import { bsuidOfUserKey, samePhone } from './keys.js';
import { canStorePair, type PortfolioSettings } from './portfolio.js';
import type { ResolveInput } from './resolve-input.js';
import { own } from '../input/own.js';

/** The BSUID an entry stands for: its key, unless it is keyed by a phone hash. */
export function ownBsuid(entry: ContactEntry): string | null {
  return bsuidOfUserKey(entry.userKey);
}

/** Does this event speak for the entry's current identity (rather than a superseded one)? */
export function vouchesFor(entry: ContactEntry, input: ResolveInput): boolean {
  const { bsuid } = input.event;
  if (bsuid !== null) return bsuid === ownBsuid(entry);
  const phone = input.webhookPhone;
  return phone === null || entry.phone === null || samePhone(entry.phone, phone);
}

export function applyEvent(
  before: ContactEntry,
  input: ResolveInput,
  settings: PortfolioSettings,
  config: ResolverConfig,
): ContactEntry {
  const { event } = input;
  const at = event.occurredAt;
  let next = seenAt(before, at);
  if (!vouchesFor(before, input)) return next;
  next = {
    ...next,
    bsuid: ownBsuid(next),
    parentBsuid: event.parentBsuid ?? next.parentBsuid,
    username: event.userHandle ?? next.username,
    profileName: event.profileName ?? next.profileName,
  };
  const change = input.identityChange;
  if (change !== null) {
    // The new identity is current again even if it had been rotated away before (A→B→A).
    next = {
      ...next,
      supersededBy: null,
      previousBsuids: addUnique(
        next.previousBsuids,
        change.previousBsuid === next.bsuid ? null : change.previousBsuid,
      ),
      previousPhones: samePhone(change.previousPhone, input.webhookPhone)
        ? next.previousPhones
        : addUnique(next.previousPhones, change.previousPhone),
    };
  }
  const storable = canStorePair(settings, config.contactBookLaunchAt, at);
  if (input.webhookPhone !== null) {
    next = withPhone(next, input.webhookPhone);
    if (input.isInteraction) next = recordInteraction(next, input, storable);
  }
  if (input.userSharedPhone !== null && next.bsuid !== null && storable) {
    next = withPhone(next, input.userSharedPhone);
    next = {
      ...next,
      inContactBook: true,
      contactBookSince: next.contactBookSince ?? at,
      contactBookVia: 'USER_SHARED',
    };
  }
  return next;
}

/** Stamps the 30-day window of this business number; with a BSUID, stores the pair. */
function recordInteraction(
  entry: ContactEntry,
  input: ResolveInput,
  storable: boolean,
): ContactEntry {
  const { event } = input;
  const at = event.occurredAt;
  let next = entry;
  const bpn = event.businessPhoneNumberId;
  if (bpn !== null) {
    const last = own(next.lastInteractionAt, bpn);
    next = {
      ...next,
      lastInteractionAt: { ...next.lastInteractionAt, [bpn]: Math.max(last ?? at, at) },
    };
  }
  if (event.bsuid !== null && storable && !next.inContactBook) {
    next = {
      ...next,
      inContactBook: true,
      contactBookSince: at,
      contactBookVia: 'INTERACTION',
    };
  }
  return next;
}
