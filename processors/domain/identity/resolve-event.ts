// The identity rules applied to one event, in this order (processors/README.md names the
// test that proves each one):
//   1. no user: an event naming nobody (an unknown field) is published as it is;
//   2. lineage: an event on a rotated-away id or an old phone's alias is the current
//      customer's: it goes to the current key (an identity change stays: it names the user now);
//   3. dedup: an event id this customer has seen is a redelivery, dropped;
//   4. what the portfolio learns (event-update.ts `applyEvent`): identifiers, username, the
//      phone, the 30-day window of this business number, the contact-book pair;
//   5. what the output shows (`maskEvent`): priority rule, WAID fallback and source
//      indicators (masking.ts `identityFields`), phone provenance (masking.ts `disclosePhone`);
//      then the export-log row of a transaction;
//   6. lineage edges: a BSUID that learns a phone links the phone's key to it (a merge if a
//      phone-keyed customer was there), and an identity change hands the previous ids'
//      history over (lineage.ts).
import type { NormalizedEvent } from '../events/event.js';
import type { CommandRecord, LinkEvidence } from './commands.js';
import type { ResolverConfig } from './config.js';
import { freshEntry, hasSeen, rememberIds, type ContactEntry } from './entry.js';
import { applyEvent, ownBsuid, vouchesFor } from './event-update.js';
import { eventLogRow, isTransaction } from './export-log.js';
import { contactKey, phoneKey, samePhone, splitKey } from './keys.js';
import { disclosePhone, identityFields } from './masking.js';
import type { PortfolioSettings } from './portfolio.js';
import { emptyResult, type StepResult } from './records.js';
import { toResolveInput, type ResolveInput } from './resolve-input.js';
import { forwardOrLoop } from './forward.js';

export function resolveEvent(
  key: string,
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  item: { event: NormalizedEvent; hops: number },
  config: ResolverConfig,
): StepResult {
  const input = toResolveInput(item.event);
  const { event } = input;
  // 1. No user at all (an unknown field, an anonymous failed status): nothing to keep.
  if (event.bsuid === null && event.parentBsuid === null && event.phone === null) {
    return emitted(key, maskEvent(input, undefined, settings, config));
  }
  // 2. Lineage: the current key takes it.
  if (entry?.supersededBy && input.identityChange === null) {
    return forwardOrLoop(
      entry.supersededBy,
      { type: 'event', event, hops: item.hops + 1 },
      item.event,
    );
  }
  // 3. Dedup.
  if (hasSeen(entry, event.eventId)) return emptyResult();
  // 4. What the portfolio learns.
  const before = entry ?? freshEntry(key, event.occurredAt);
  const learnt = applyEvent(before, input, settings, config);
  const next = rememberIds(learnt, [event.eventId], config.dedupMemorySize);
  // 5. What the output shows, and the export-log row.
  const result = emitted(key, maskEvent(input, next, settings, config));
  result.changes.push({ kind: 'upsert', key, entry: next });
  // 6. Lineage edges, when the event speaks for the current identity.
  if (vouchesFor(before, input)) {
    result.commands.push(
      ...phoneLinks(key, entry, next, input, config),
      ...supersedes(key, input, config),
    );
  }
  return result;
}

function emitted(key: string, value: NormalizedEvent): StepResult {
  const result = emptyResult();
  result.outputs.push({ topic: 'data-stream', key, value });
  if (isTransaction(value))
    result.outputs.push({ topic: 'export-log', key, value: eventLogRow(value) });
  return result;
}

/** Rule 5: priority rule, WAID fallback, source indicators and phone provenance. */
export function maskEvent(
  input: ResolveInput,
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  config: ResolverConfig,
): NormalizedEvent {
  const { event } = input;
  const disclosure = disclosePhone(
    entry,
    settings,
    {
      webhookPhone: input.webhookPhone,
      businessPhoneNumberId: event.businessPhoneNumberId,
      at: event.occurredAt,
    },
    config.recentInteractionWindowMs,
  );
  const current = entry === undefined ? null : ownBsuid(entry);
  const bsuid = current ?? event.bsuid;
  // A late event under a rotated-away BSUID names the current customer; the id it came with
  // is kept as previousBsuid so no evidence is lost.
  const arrivedAs = event.bsuid !== null && event.bsuid !== bsuid ? event.bsuid : null;
  return {
    ...event,
    ...disclosure,
    ...identityFields(disclosure.phone, bsuid),
    bsuid,
    parentBsuid:
      arrivedAs === null
        ? (event.parentBsuid ?? entry?.parentBsuid ?? null)
        : (entry?.parentBsuid ?? null),
    userHandle: event.userHandle ?? entry?.username ?? null,
    profileName: event.profileName ?? entry?.profileName ?? null,
    previousBsuid: input.identityChange === null ? arrivedAs : event.previousBsuid,
  };
}

/** A BSUID entry that learns a phone (or shows it again) tells the phone's key to point here. */
function phoneLinks(
  key: string,
  before: ContactEntry | undefined,
  next: ContactEntry,
  input: ResolveInput,
  config: ResolverConfig,
): CommandRecord[] {
  if (next.bsuid === null || next.phone === null) return [];
  const shared = input.userSharedPhone !== null && samePhone(input.userSharedPhone, next.phone);
  // An entry outside the contact book (never linked, or unlinked by a delete, whose phone
  // aliases were tombstoned) links again on an event that shows the pair; an alias that
  // already points here makes that a no-op.
  const pairShown = shared || samePhone(input.webhookPhone, next.phone);
  const relink = pairShown && before?.inContactBook !== true;
  if (before !== undefined && samePhone(before.phone, next.phone) && !relink) return [];
  const { event } = input;
  const evidence: LinkEvidence = {
    reason: shared ? 'CONTACT_REQUEST' : 'PHONE_BSUID_PAIR',
    eventId: event.eventId,
    messageId: event.messageId,
    occurredAt: event.occurredAt,
    provider: event.provider,
    wabaId: event.wabaId,
    businessPhoneNumberId: event.businessPhoneNumberId,
    phoneInWebhook: samePhone(input.webhookPhone, next.phone),
  };
  const target = phoneKey(next.portfolioId, config.hashPhone, next.phone);
  const handoverFrom = previousKeys(key, input, config);
  const item = {
    type: 'linkPhone',
    target: key,
    at: event.occurredAt,
    evidence,
    handoverFrom,
  } as const;
  return [{ key: target, item }];
}

/** The keys of the ids an identity change names as the user's previous ones. */
function previousKeys(key: string, input: ResolveInput, config: ResolverConfig): string[] {
  const change = input.identityChange;
  if (change === null) return [];
  const { portfolioId } = splitKey(key);
  const keys: string[] = [];
  if (change.previousBsuid !== null) keys.push(contactKey(portfolioId, change.previousBsuid));
  if (change.previousPhone !== null && !samePhone(change.previousPhone, input.webhookPhone)) {
    keys.push(phoneKey(portfolioId, config.hashPhone, change.previousPhone));
  }
  return keys.filter((k) => k !== key);
}

/** An identity change asks each previous id's key to hand its history over to this key. */
function supersedes(key: string, input: ResolveInput, config: ResolverConfig): CommandRecord[] {
  const at = input.event.occurredAt;
  return previousKeys(key, input, config).map((k) => ({
    key: k,
    item: { type: 'supersede', target: key, at, hops: 0 },
  }));
}
