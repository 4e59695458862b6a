// Admin commands on a portfolio's contact book: disable (delete every entry and stop
// storing), enable (resume storing; nothing is restored), delete one standard BSUID's entry.
// Input line: {"admin": {"action", "portfolioId", "bsuid"?, "at"}}, `at` in epoch ms.
//
// Deleting is not forgetting (Meta: after a delete the phone still shows within the 30-day
// window of a business number, or once a new interaction recreates the entry). A delete
// removes the contact-book link: each phone alias that led to the user is tombstoned, and the
// user's entry is written again unlinked (`inContactBook: false`), keeping the phone, the
// per-number interaction windows and the identity lineage (previous ids and their pointers).
// The unlinked value is an ordinary record of the compacted topic, so a restore after a crash
// rebuilds exactly that state; a tombstone would carry nothing.
import { classifyIdentifier } from '../identifiers/identifiers.js';
import type { ErrorCode } from '../errors.js';
import type { BroadcastCommand, CommandRecord, ItemOf } from './commands.js';
import { unlinked, type ContactEntry } from './entry.js';
import { forwardOrLoop } from './forward.js';
import {
  contactKey,
  isPhoneUserKey,
  phoneKey,
  SETTINGS_USER_KEY,
  splitKey,
  type PhoneHasher,
} from './keys.js';
import type { PortfolioSettings } from './portfolio.js';
import { readEpochMs, readObject, readString, type Problem } from '../input/problems.js';
import { emptyResult, type StepResult } from './records.js';

export type AdminParse =
  | { ok: true; record: CommandRecord }
  | { ok: false; code: ErrorCode; problems: Problem[]; key: string | null };

const ACTIONS = ['disableContactBook', 'enableContactBook', 'deleteContact'] as const;

export function parseAdmin(raw: unknown): AdminParse {
  const problems: Problem[] = [];
  const obj = readObject(raw, 'admin', problems);
  if (obj === null) return { ok: false, code: 'WAI_BAD_INPUT', problems, key: null };
  const action = obj['action'];
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number])) {
    problems.push({ field: 'admin.action', message: `expected one of ${ACTIONS.join(', ')}` });
  }
  const portfolioId = readString(obj, 'portfolioId', 'admin', problems);
  const at = readEpochMs(obj, 'at', 'admin', problems);
  const settingsKey = portfolioId === null ? null : contactKey(portfolioId, SETTINGS_USER_KEY);
  let code: ErrorCode = 'WAI_BAD_INPUT';
  let bsuid: string | null = null;
  if (action === 'deleteContact') {
    bsuid = readString(obj, 'bsuid', 'admin', problems);
    const kind = bsuid === null ? null : classifyIdentifier(bsuid)?.kind;
    if (bsuid !== null && kind !== 'BSUID') {
      code = 'WAI_BAD_IDENTIFIER';
      const message =
        kind === 'PARENT_BSUID'
          ? 'a parent BSUID (CC.ENT.…) cannot be deleted: contact-book entries are deleted by standard BSUID only'
          : 'expected a standard BSUID (CC.<1-128 alphanumerics>)';
      problems.push({ field: 'admin.bsuid', message });
    }
  }
  if (problems.length > 0 || portfolioId === null || at === null) {
    return { ok: false, code, problems, key: settingsKey };
  }
  if (action === 'deleteContact' && bsuid !== null) {
    const key = contactKey(portfolioId, classifyIdentifier(bsuid)?.value ?? bsuid);
    return { ok: true, record: { key, item: { type: 'deleteContact', at, hops: 0 } } };
  }
  const enabled = action === 'enableContactBook';
  return {
    ok: true,
    record: {
      key: contactKey(portfolioId, SETTINGS_USER_KEY),
      item: { type: 'setContactBook', enabled, at },
    },
  };
}

/** On the portfolio's settings key. Disabling always purges, so a repeat is harmless. */
export function setContactBook(
  key: string,
  settings: PortfolioSettings,
  item: ItemOf<'setContactBook'>,
): StepResult {
  const result = emptyResult();
  if (item.enabled) {
    if (settings.contactBookEnabled) return result;
    const next = { ...settings, contactBookEnabled: true, storeFrom: item.at, changedAt: item.at };
    result.changes.push({ kind: 'settings', key, settings: next });
    return result;
  }
  const next = { ...settings, contactBookEnabled: false, changedAt: item.at };
  result.changes.push({ kind: 'settings', key, settings: next });
  result.broadcasts.push({
    type: 'purgePortfolio',
    portfolioId: settings.portfolioId,
    at: item.at,
  });
  return result;
}

/**
 * Applied by the portfolio's owner to every key it holds: each phone alias is tombstoned and
 * each linked entry unlinked; windows, lineage and phone-only customers stay (see the top).
 */
export function purgePortfolio(
  command: BroadcastCommand,
  entries: Iterable<readonly [string, ContactEntry | undefined]>,
): StepResult {
  const result = emptyResult();
  for (const [key, entry] of entries) {
    const { portfolioId, userKey } = splitKey(key);
    if (portfolioId !== command.portfolioId || userKey === SETTINGS_USER_KEY) continue;
    if (entry === undefined) continue;
    if (isPhoneUserKey(userKey) && entry.supersededBy !== null) {
      result.changes.push({ kind: 'delete', key });
    } else if (entry.inContactBook) {
      result.changes.push({ kind: 'upsert', key, entry: unlinked(entry) });
    }
  }
  return result;
}

/**
 * On the BSUID's key: unlink the entry (kept, with its windows and lineage) and, by command,
 * tombstone every phone alias that points into its lineage.
 */
export function deleteContact(
  key: string,
  entry: ContactEntry | undefined,
  item: ItemOf<'deleteContact'>,
  hashPhone: PhoneHasher,
): StepResult {
  if (entry === undefined) return emptyResult();
  if (entry.supersededBy !== null) {
    return forwardOrLoop(entry.supersededBy, { ...item, hops: item.hops + 1 }, item);
  }
  const result = emptyResult();
  if (entry.inContactBook) result.changes.push({ kind: 'upsert', key, entry: unlinked(entry) });
  const phones = [entry.phone, ...entry.previousPhones].filter((p): p is string => p !== null);
  const bsuidKeys = entry.previousBsuids.map((b) => contactKey(entry.portfolioId, b));
  const phoneKeys = phones.map((p) => phoneKey(entry.portfolioId, hashPhone, p));
  const targets = [key, ...bsuidKeys];
  for (const target of phoneKeys) {
    result.commands.push({ key: target, item: { type: 'purgeIfPointsTo', targets } });
  }
  return result;
}

export function purgeIfPointsTo(
  key: string,
  entry: ContactEntry | undefined,
  item: ItemOf<'purgeIfPointsTo'>,
): StepResult {
  const result = emptyResult();
  if (entry?.supersededBy != null && item.targets.includes(entry.supersededBy)) {
    result.changes.push({ kind: 'delete', key });
  }
  return result;
}
