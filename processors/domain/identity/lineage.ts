// Commands between keys that keep one customer whole: phone aliases, history hand-over
// (absorb), rotations and phone changes (supersede), and a phone moving to another user
// (release). Each handler reads and writes only its own key's entry.
import { mergeAnnouncement, mergeEventId } from './announce.js';
import type { ItemOf } from './commands.js';
import type { ResolverConfig } from './config.js';
import {
  addUnique,
  freshEntry,
  hasSeen,
  notInContactBook,
  rememberIds,
  toPointer,
  type ContactEntry,
} from './entry.js';
import { eventLogRow } from './export-log.js';
import { forwardOrLoop } from './forward.js';
import { phoneKey } from './keys.js';
import { mergeInto } from './merge.js';
import type { PortfolioSettings } from './portfolio.js';
import { emptyResult, type StepResult } from './records.js';

/** A key no entry holds yet: a bare pointer, so later items under it are forwarded. */
function pointerEntry(key: string, target: string, at: number): ContactEntry {
  return { ...freshEntry(key, at), supersededBy: target };
}

/**
 * On a phone key: the phone now belongs to `target`. A phone-keyed customer merges into it;
 * an alias re-points, and the user it pointed at forgets the phone, unless the phone passes
 * to `target` from that very user (a rotation: its history is on its way to `target`).
 */
export function linkPhone(
  key: string,
  entry: ContactEntry | undefined,
  item: ItemOf<'linkPhone'>,
): StepResult {
  const result = emptyResult();
  const { at } = item;
  if (entry?.supersededBy === item.target || key === item.target) return result;
  result.changes.push({
    kind: 'upsert',
    key,
    entry:
      entry === undefined ? pointerEntry(key, item.target, at) : toPointer(entry, item.target, at),
  });
  const previous = entry?.supersededBy ?? null;
  if (entry !== undefined && previous === null) {
    // Only a customer seen in webhooks (it has a phone) is a merge worth announcing.
    const announce = entry.phone === null ? null : item.evidence;
    const absorb = { type: 'absorb', source: key, snapshot: entry, announce, hops: 0 } as const;
    result.commands.push({ key: item.target, item: absorb });
  } else if (previous !== null && item.evidence !== null && !item.handoverFrom.includes(previous)) {
    result.commands.push({ key: previous, item: { type: 'releasePhone', phoneKey: key, at } });
  }
  return result;
}

/** On a previous id's key: hand the history to `target`, and pass the news down the chain. */
export function supersede(
  key: string,
  entry: ContactEntry | undefined,
  item: ItemOf<'supersede'>,
): StepResult {
  const result = emptyResult();
  if (key === item.target || entry?.supersededBy === item.target) return result;
  if (entry === undefined) {
    result.changes.push({ kind: 'upsert', key, entry: pointerEntry(key, item.target, item.at) });
    return result;
  }
  result.changes.push({ kind: 'upsert', key, entry: toPointer(entry, item.target, item.at) });
  if (entry.supersededBy === null) {
    const absorb = {
      type: 'absorb',
      source: key,
      snapshot: entry,
      announce: null,
      hops: 0,
    } as const;
    result.commands.push({ key: item.target, item: absorb });
    return result;
  }
  // An alias of the old phone leads to the old BSUID: it is superseded too.
  const passOn = forwardOrLoop(entry.supersededBy, { ...item, hops: item.hops + 1 }, item);
  passOn.changes.push(...result.changes);
  return passOn;
}

/** On the surviving key: take over the history; announce a merge that new evidence proved. */
export function absorb(
  key: string,
  entry: ContactEntry | undefined,
  settings: PortfolioSettings,
  item: ItemOf<'absorb'>,
  config: ResolverConfig,
): StepResult {
  if (entry?.supersededBy) {
    return forwardOrLoop(entry.supersededBy, { ...item, hops: item.hops + 1 }, item);
  }
  const result = emptyResult();
  const before = entry ?? freshEntry(key, item.snapshot.firstSeenAt);
  let merged = mergeInto(before, item.snapshot, settings, config);
  if (merged.phone !== null && before.phone === null && merged.bsuid !== null) {
    const target = phoneKey(merged.portfolioId, config.hashPhone, merged.phone);
    result.commands.push({
      key: target,
      item: {
        type: 'linkPhone',
        target: key,
        at: merged.lastSeenAt,
        evidence: null,
        handoverFrom: [item.source],
      },
    });
  }
  const evidence = item.announce;
  if (evidence !== null) {
    const id = mergeEventId(evidence, item.source);
    if (!hasSeen(merged, id)) {
      merged = rememberIds(merged, [id], config.dedupMemorySize);
      // The id the merge retired: the survivor's own (if it had been seen) or the absorbed one's.
      const retired = [entry?.contactId, item.snapshot.contactId].find(
        (c) => c !== undefined && c !== merged.contactId,
      );
      const value = mergeAnnouncement(id, merged, settings, evidence, config, retired ?? null);
      result.outputs.push({ topic: 'data-stream', key, value });
      // The merge is a transaction of its own: its export-log row, as any identity change's.
      result.outputs.push({ topic: 'export-log', key, value: eventLogRow(value) });
    }
  }
  result.changes.push({ kind: 'upsert', key, entry: merged });
  return result;
}

/** On the key an alias left: that phone is somebody else's now, so this user forgets it. */
export function releasePhone(
  key: string,
  entry: ContactEntry | undefined,
  item: ItemOf<'releasePhone'>,
  config: ResolverConfig,
): StepResult {
  const result = emptyResult();
  if (entry === undefined || entry.supersededBy !== null || entry.phone === null) return result;
  if (phoneKey(entry.portfolioId, config.hashPhone, entry.phone) !== item.phoneKey) return result;
  const released: ContactEntry = {
    ...entry,
    phone: null,
    phoneEvidence: null,
    previousPhones: addUnique(entry.previousPhones, entry.phone),
    lastInteractionAt: {},
    ...notInContactBook,
  };
  result.changes.push({ kind: 'upsert', key, entry: released });
  return result;
}
