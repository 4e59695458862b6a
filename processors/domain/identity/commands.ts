// What the rules apply to one key. Split events arrive as `event` items; every other item is a
// follow-up that the rules on one key ask of another key (a step reads and writes only its
// own key). The portfolio's owner applies follow-ups at once, in order, before its next input
// (memory-resolver.ts); applying one twice changes nothing.
import type { NormalizedEvent, ProviderName } from '../events/event.js';
import type { OutboundRequest } from '../outbound/request.js';
import type { ContactEntry } from './entry.js';

/** Why two keys were found to be one user: the event that proved it. */
export interface LinkEvidence {
  reason: 'PHONE_BSUID_PAIR' | 'CONTACT_REQUEST';
  eventId: string;
  messageId: string | null;
  occurredAt: number;
  provider: ProviderName;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  /** The linking phone was in that webhook itself (the announcement shows it as WEBHOOK). */
  phoneInWebhook: boolean;
}

export type ResolveItem =
  /** A split event; `hops` > 0 when an alias or a rotated-away BSUID forwarded it. */
  | { type: 'event'; event: NormalizedEvent; hops: number }
  | { type: 'outbound'; request: OutboundRequest; hops: number }
  /** To a phone key: the phone belongs to `target` (a BSUID key) from now on. */
  /**
   * `evidence` null: a hand-over of known history (after an absorb), not a new finding.
   * `handoverFrom`: keys the phone passes from legitimately (the user's previous ids), so an
   * alias that pointed at one of them does not make it forget the phone before its history
   * is handed over.
   */
  | {
      type: 'linkPhone';
      target: string;
      at: number;
      evidence: LinkEvidence | null;
      handoverFrom: string[];
    }
  /** To the surviving key: take over `snapshot`'s history; announce the merge if evidenced. */
  | {
      type: 'absorb';
      source: string;
      snapshot: ContactEntry;
      announce: LinkEvidence | null;
      hops: number;
    }
  /** To a previous id's key: the user is now `target` (rotation, phone change). */
  | { type: 'supersede'; target: string; at: number; hops: number }
  /** To the key a phone alias pointed at before: that phone is no longer this user's. */
  | { type: 'releasePhone'; phoneKey: string; at: number }
  /** Admin: unlink this BSUID's entry; tombstone the phone aliases that point into it. */
  | { type: 'deleteContact'; at: number; hops: number }
  /** Cascade of a delete, to a phone key: tombstone it if it points into the lineage. */
  | { type: 'purgeIfPointsTo'; targets: string[] }
  /** Admin, to the portfolio's settings key. */
  | { type: 'setContactBook'; enabled: boolean; at: number };

export type ItemOf<T extends ResolveItem['type']> = Extract<ResolveItem, { type: T }>;

/** A follow-up: `item`, to be applied to `key`. */
export interface CommandRecord {
  key: string;
  item: ResolveItem;
}

/** Applied to every key of the portfolio: only a portfolio purge needs this. */
export interface BroadcastCommand {
  type: 'purgePortfolio';
  portfolioId: string;
  at: number;
}
