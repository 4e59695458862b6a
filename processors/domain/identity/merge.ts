// Merging one entry's history into the entry that survives it (a phone-keyed customer into
// its BSUID, an old BSUID into the new one). Merging is idempotent and never loses lineage.
import type { ResolverConfig } from './config.js';
import { survivingContactId } from './contact-id.js';
import { addUnique, type ContactEntry } from './entry.js';
import { handedOverEvidence, withSteps } from './evidence.js';
import { samePhone } from './keys.js';
import type { PortfolioSettings } from './portfolio.js';

export function mergeInto(
  survivor: ContactEntry,
  old: ContactEntry,
  settings: PortfolioSettings,
  config: ResolverConfig,
): ContactEntry {
  const phone = survivor.phone ?? old.phone;
  // The 30-day windows were exchanges with the old entry's phone: they count only if the
  // survivor still has that phone (a rotation), not after a phone change.
  const samePhoneHistory = samePhone(phone, old.phone);
  // A Map: business numbers are input, and `__proto__` must stay an ordinary key.
  const interactions = new Map(Object.entries(survivor.lastInteractionAt));
  if (samePhoneHistory) {
    for (const [bpn, at] of Object.entries(old.lastInteractionAt)) {
      interactions.set(bpn, Math.max(interactions.get(bpn) ?? at, at));
    }
  }
  const merged: ContactEntry = {
    ...survivor,
    supersededBy: null,
    contactId: survivingContactId(survivor, old),
    phone,
    parentBsuid: survivor.parentBsuid ?? old.parentBsuid,
    username: survivor.username ?? old.username,
    profileName: survivor.profileName ?? old.profileName,
    lastInteractionAt: Object.fromEntries(interactions),
    firstSeenAt: Math.min(survivor.firstSeenAt, old.firstSeenAt),
    lastSeenAt: Math.max(survivor.lastSeenAt, old.lastSeenAt),
    previousBsuids: addUnique(
      survivor.previousBsuids,
      ...old.previousBsuids,
      old.bsuid === survivor.bsuid ? null : old.bsuid,
    ).filter((b) => b !== survivor.bsuid),
    previousPhones: addUnique(
      survivor.previousPhones,
      ...old.previousPhones,
      samePhone(old.phone, phone) ? null : old.phone,
    ).filter((p) => !samePhone(p, phone)),
    recentEventIds: addUnique(old.recentEventIds, ...survivor.recentEventIds).slice(
      -config.dedupMemorySize,
    ),
    lineage: withSteps(survivor.lineage, old.lineage),
    phoneEvidence:
      survivor.phone !== null
        ? survivor.phoneEvidence
        : phone === null
          ? null
          : handedOverEvidence(old.phoneEvidence, old.lastSeenAt),
  };
  // The new identity inherits the old one's contact-book status, for its current phone.
  if (!merged.inContactBook && old.inContactBook && settings.contactBookEnabled && phone !== null) {
    return {
      ...merged,
      inContactBook: true,
      contactBookSince: old.contactBookSince,
      contactBookVia: samePhoneHistory ? old.contactBookVia : 'INTERACTION',
    };
  }
  return merged;
}
