// How one event changes its user's entry. The entry's own identifiers come from its key;
// an event forwarded from an old identity (an old phone, a rotated-away BSUID) updates only
// the seen times, so a late event can never roll the current customer back.
import type { ResolverConfig } from './config.js';
import { addUnique, seenAt, withPhone, type ContactEntry } from './entry.js';
import { phoneEvidenceOf, withSteps, type LineageStep } from './evidence.js';
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
    next = withPhone(next, input.webhookPhone, phoneEvidenceOf(event, false));
    if (input.isInteraction) next = recordInteraction(next, input, storable);
  }
  if (input.userSharedPhone !== null && next.bsuid !== null && storable) {
    next = withPhone(next, input.userSharedPhone, phoneEvidenceOf(event, true));
    next = {
      ...next,
      inContactBook: true,
      contactBookSince: next.contactBookSince ?? at,
      contactBookVia: 'USER_SHARED',
    };
  }
  const steps = lineageSteps(before, next, input);
  return steps.length === 0 ? next : { ...next, lineage: withSteps(next.lineage, steps) };
}

/** The identity steps this event shows: a rotation, a phone or username change, a new phone. */
function lineageSteps(
  before: ContactEntry,
  next: ContactEntry,
  input: ResolveInput,
): LineageStep[] {
  const { event } = input;
  const shown = { eventId: event.eventId, at: event.occurredAt };
  const steps: LineageStep[] = [];
  const change = input.identityChange;
  if (change?.previousBsuid != null && change.previousBsuid !== next.bsuid) {
    steps.push({ kind: 'BSUID_ROTATION', from: change.previousBsuid, to: next.bsuid, ...shown });
  }
  const phoneChanged = !samePhone(before.phone, next.phone) && next.phone !== null;
  const previousPhone = change?.previousPhone ?? null;
  if (previousPhone !== null && !samePhone(previousPhone, input.webhookPhone)) {
    steps.push({ kind: 'PHONE_CHANGE', from: previousPhone, to: input.webhookPhone, ...shown });
  } else if (phoneChanged) {
    const kind = before.phone === null ? 'PHONE_LINKED' : 'PHONE_CHANGE';
    steps.push({ kind, from: before.phone, to: next.phone, ...shown });
  }
  const handle = event.userHandle;
  if (handle !== null && before.username !== null && handle !== before.username) {
    steps.push({ kind: 'USERNAME_CHANGE', from: before.username, to: handle, ...shown });
  }
  return steps;
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
