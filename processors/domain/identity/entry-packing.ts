// Cold entries kept serialised. A worker holds every contact of the portfolios it owns, most of
// them untouched for a long time; as objects they cost about 800 B of heap each (19 fields,
// boxed timestamps, their own strings and arrays), serialised about a quarter of that. The
// state keeps the entries it touched last as objects (the hot set, bounded) and the others
// packed; a packed entry is unpacked when a rule reads it, and packed again when it leaves
// the hot set. The format is the packer's (the worker uses the contact-book topic's own Avro
// codec); the domain only needs the round trip to give back an equal entry.
import type { ContactEntry } from './entry.js';

export interface EntryPacker {
  pack(entry: ContactEntry): string;
  unpack(packed: string): ContactEntry;
}

export interface StatePacking {
  packer: EntryPacker;
  /** Entries kept as objects, most recently touched; the oldest half is packed when full. */
  hotEntries: number;
}

/** Enough for the users active within a few minutes on a partition; ~800 B each. */
export const DEFAULT_HOT_ENTRIES = 32_768;

/** Packs entries that leave the hot set; one per ContactBookState. */
export class HotSet {
  /** Key → the map holding its entry, in the order keys became hot. */
  private readonly hot = new Map<string, Map<string, ContactEntry | string>>();

  constructor(private readonly packing: StatePacking) {}

  /** Entries held as objects now. */
  get size(): number {
    return this.hot.size;
  }

  /** `key`'s entry in `entries`, unpacked (and hot) if it was packed. */
  read(entries: Map<string, ContactEntry | string>, key: string): ContactEntry | undefined {
    const value = entries.get(key);
    if (typeof value !== 'string') return value;
    const entry = this.packing.packer.unpack(value);
    entries.set(key, entry);
    this.touch(entries, key);
    return entry;
  }

  /** `key` holds an object now: it counts towards the hot set. */
  touch(entries: Map<string, ContactEntry | string>, key: string): void {
    if (this.hot.has(key)) return;
    this.hot.set(key, entries);
    if (this.hot.size > this.packing.hotEntries) this.cool(Math.ceil(this.hot.size / 2));
  }

  pack(entry: ContactEntry): string {
    return this.packing.packer.pack(entry);
  }

  unpack(packed: string): ContactEntry {
    return this.packing.packer.unpack(packed);
  }

  private cool(count: number): void {
    let left = count;
    for (const [key, entries] of this.hot) {
      if (left-- === 0) break;
      this.hot.delete(key);
      const value = entries.get(key);
      if (value !== undefined && typeof value !== 'string') entries.set(key, this.pack(value));
    }
  }
}
