// The resolve step for one split event on its key: forward if the key is an alias or a
// rotated-away id, drop a redelivery, update the entry, mask the phone, emit the stream
// event and its export-log row, and tell other keys what they must learn.
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

export function stepEvent(
  key: string,
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  item: { event: NormalizedEvent; hops: number },
  config: ResolverConfig,
): StepResult {
  const input = toResolveInput(item.event);
  const { event } = input;
  // No user at all (an unknown field, an anonymous failed status): nothing to resolve or keep.
  if (event.bsuid === null && event.parentBsuid === null && event.phone === null) {
    return emitted(key, maskEvent(input, undefined, settings, config));
  }
  // An identity change is applied where it names the user now, even on a rotated-away id.
  if (entry?.supersededBy && input.identityChange === null) {
    return forwardOrLoop(
      entry.supersededBy,
      { type: 'event', event, hops: item.hops + 1 },
      item.event,
    );
  }
  if (hasSeen(entry, event.eventId)) return emptyResult();
  const before = entry ?? freshEntry(key, event.occurredAt);
  const next = rememberIds(
    applyEvent(before, input, settings, config),
    [event.eventId],
    config.dedupMemorySize,
  );
  const result = emitted(key, maskEvent(input, next, settings, config));
  result.changes.push({ kind: 'upsert', key, entry: next });
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

/** A BSUID entry that learns a phone tells the phone's key to point here. */
function phoneLinks(
  key: string,
  before: ContactEntry | undefined,
  next: ContactEntry,
  input: ResolveInput,
  config: ResolverConfig,
): CommandRecord[] {
  if (next.bsuid === null || next.phone === null) return [];
  if (before !== undefined && samePhone(before.phone, next.phone)) return [];
  const { event } = input;
  const shared = input.userSharedPhone !== null && samePhone(input.userSharedPhone, next.phone);
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
