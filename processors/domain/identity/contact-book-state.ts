// The state of the portfolios one owner holds: each portfolio's contact-book entries and its
// settings. It is the fold of the compacted contact-book topic (restore) and of the changes the
// rules make (apply). Entries are grouped by portfolio, so a portfolio purge touches only its
// own. Changes made since `begin()` can be undone (`rollback`, `rollbackTo` a savepoint), so
// an input record's changes are kept all or none. With `StatePacking` (the worker), entries
// not touched lately are held serialised (entry-packing.ts); every read gives an object.
import { WaiError } from '../errors.js';
import type { ContactEntry } from './entry.js';
import { HotSet, type StatePacking } from './entry-packing.js';
import { SETTINGS_USER_KEY, splitKey } from './keys.js';
import { defaultSettings, type PortfolioSettings } from './portfolio.js';
import type { StateChange } from './records.js';

export type ContactBookValue = ContactEntry | PortfolioSettings;

interface PortfolioState {
  /** A string is a packed entry (only with StatePacking). */
  readonly entries: Map<string, ContactEntry | string>;
  settings: PortfolioSettings | undefined;
}

type Undo = () => void;

export class ContactBookState {
  private readonly portfolios = new Map<string, PortfolioState>();
  private undo: Undo[] | null = null;
  private readonly hot: HotSet | null;

  constructor(packing?: StatePacking) {
    this.hot = packing === undefined ? null : new HotSet(packing);
  }

  entry(key: string): ContactEntry | undefined {
    const entries = this.portfolios.get(portfolioOf(key))?.entries;
    if (entries === undefined) return undefined;
    if (this.hot !== null) return this.hot.read(entries, key);
    return entries.get(key) as ContactEntry | undefined;
  }

  /**
   * `key`'s entry for a reader outside the rules (the lookup API): a packed entry is unpacked
   * for the answer only and stays packed, so a scan does not churn the hot set.
   */
  peek(key: string): ContactEntry | undefined {
    const value = this.portfolios.get(portfolioOf(key))?.entries.get(key);
    return typeof value === 'string' ? this.unpacked(value) : value;
  }

  /** Entries held as objects (the hot set), for tests and diagnostics; 0 without packing. */
  hotCount(): number {
    return this.hot?.size ?? 0;
  }

  settings(portfolioId: string): PortfolioSettings {
    return this.portfolios.get(portfolioId)?.settings ?? defaultSettings(portfolioId);
  }

  /** Keys of a portfolio's entries (settings excluded). */
  keys(portfolioId: string): string[] {
    return [...(this.portfolios.get(portfolioId)?.entries.keys() ?? [])];
  }

  /** Every entry, for tests and diagnostics. */
  entries(): Map<string, ContactEntry> {
    const all = new Map<string, ContactEntry>();
    for (const p of this.portfolios.values()) {
      for (const [k, v] of p.entries) all.set(k, typeof v === 'string' ? this.unpacked(v) : v);
    }
    return all;
  }

  /** Entries held, over all portfolios. */
  get size(): number {
    let n = 0;
    for (const p of this.portfolios.values()) n += p.entries.size;
    return n;
  }

  apply(change: StateChange): void {
    if (change.kind === 'settings') {
      this.setSettings(change.settings.portfolioId, change.settings);
      return;
    }
    this.setEntry(change.key, change.kind === 'upsert' ? change.entry : undefined);
  }

  /** A contact-book record read back (null: a tombstone). */
  restore(key: string, value: ContactBookValue | null): void {
    const { portfolioId, userKey } = splitKey(key);
    if (userKey === SETTINGS_USER_KEY) {
      if (value !== null && 'userKey' in value) throw mismatch(key, 'a contact entry');
      this.setSettings(portfolioId, value ?? undefined);
      return;
    }
    if (value !== null && !('userKey' in value)) throw mismatch(key, 'portfolio settings');
    // Restored entries start cold: most of a large contact book is not touched for a while.
    this.setEntry(key, value === null ? undefined : (this.hot?.pack(value) ?? value));
  }

  /** A contact-book entry read back still packed (the worker's restore: entry-packing.ts). */
  restorePacked(key: string, packed: string): void {
    if (this.hot === null) throw new WaiError('WAI_INTERNAL', 'a packed entry without a packer');
    if (key.endsWith(`|${SETTINGS_USER_KEY}`)) throw mismatch(key, 'a packed contact entry');
    this.setEntry(key, packed);
  }

  /** Starts recording changes so `rollback` can undo them. */
  begin(): void {
    this.undo = [];
  }

  commit(): void {
    this.undo = null;
  }

  /** Undoes every change since `begin()`. */
  rollback(): void {
    this.rollbackTo(0);
    this.undo = null;
  }

  /** A point to roll back to, inside `begin()` … `commit()`. */
  savepoint(): number {
    return this.undo?.length ?? 0;
  }

  /** Undoes the changes made since `savepoint()` returned `point`. */
  rollbackTo(point: number): void {
    const undo = this.undo ?? [];
    while (undo.length > point) undo.pop()?.();
  }

  private portfolio(portfolioId: string): PortfolioState {
    let p = this.portfolios.get(portfolioId);
    if (p === undefined) {
      p = { entries: new Map(), settings: undefined };
      this.portfolios.set(portfolioId, p);
    }
    return p;
  }

  private setEntry(key: string, entry: ContactEntry | string | undefined): void {
    const { entries } = this.portfolio(portfolioOf(key));
    const before = entries.get(key);
    this.undo?.push(() => this.put(entries, key, before));
    this.put(entries, key, entry);
  }

  private put(
    entries: Map<string, ContactEntry | string>,
    key: string,
    value: ContactEntry | string | undefined,
  ): void {
    if (value === undefined) entries.delete(key);
    else {
      entries.set(key, value);
      if (typeof value !== 'string') this.hot?.touch(entries, key);
    }
  }

  private unpacked(packed: string): ContactEntry {
    if (this.hot === null) throw new WaiError('WAI_INTERNAL', 'a packed entry without a packer');
    return this.hot.unpack(packed);
  }

  private setSettings(portfolioId: string, settings: PortfolioSettings | undefined): void {
    const p = this.portfolio(portfolioId);
    const before = p.settings;
    this.undo?.push(() => (p.settings = before));
    p.settings = settings;
  }
}

/** `splitKey(key).portfolioId` without the userKey copy: looked up on every step. */
function portfolioOf(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

function mismatch(key: string, found: string): WaiError {
  // Only the owner writes the topic: a wrong kind of value is a bug, never input.
  return new WaiError('WAI_INTERNAL', `contact-book key ${key} holds ${found}`);
}
