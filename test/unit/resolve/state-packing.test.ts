// ContactBookState with packed cold entries (domain/identity/entry-packing.ts): every read gives
// the entry that was written, whether it stayed hot or was packed and unpacked on the way, and
// undo gives back what was there before, across packing.
import { describe, expect, it } from '@jest/globals';
import { ContactBookState } from '../../../processors/domain/identity/contact-book-state.js';
import type { EntryPacker } from '../../../processors/domain/identity/entry-packing.js';
import { freshEntry, type ContactEntry } from '../../../processors/domain/identity/entry.js';
import { contactKey } from '../../../processors/domain/identity/keys.js';
import { PORTFOLIO } from './fixtures.js';

/** JSON as the packed form; counts the calls so a test can tell packing happened. */
function countingPacker() {
  const calls = { pack: 0, unpack: 0 };
  const packer: EntryPacker = {
    pack: (entry) => {
      calls.pack += 1;
      return JSON.stringify(entry);
    },
    unpack: (packed) => {
      calls.unpack += 1;
      return JSON.parse(packed) as ContactEntry;
    },
  };
  return { packer, calls };
}

const key = (i: number) => contactKey(PORTFOLIO, `US.${1000 + i}`);
const entryOf = (i: number, seen = 0): ContactEntry => ({
  ...freshEntry(key(i), 1_780_000_000_000 + i),
  profileName: `User ${i}`,
  lastInteractionAt: { '106540352242922': 1_780_000_000_000 + seen },
  recentEventIds: [`evt-${i}-${seen}`],
});

describe('ContactBookState with packed entries', () => {
  it('gives back every entry written, hot or packed', () => {
    const { packer, calls } = countingPacker();
    const state = new ContactBookState({ packer, hotEntries: 4 });
    for (let i = 0; i < 50; i++) state.apply({ kind: 'upsert', key: key(i), entry: entryOf(i) });
    expect(calls.pack).toBeGreaterThan(40);
    for (let i = 0; i < 50; i++) expect(state.entry(key(i))).toEqual(entryOf(i));
    expect(calls.unpack).toBeGreaterThan(40);
    expect(state.size).toBe(50);
    expect([...state.entries().values()]).toEqual(
      expect.arrayContaining([entryOf(0), entryOf(49)]),
    );
  });

  it('restores entries packed, and reads them as written', () => {
    const { packer, calls } = countingPacker();
    const state = new ContactBookState({ packer, hotEntries: 100 });
    state.restore(key(1), entryOf(1));
    state.restore(key(2), entryOf(2));
    state.restore(key(2), null);
    expect(calls.pack).toBe(2);
    expect(state.entry(key(1))).toEqual(entryOf(1));
    expect(state.entry(key(2))).toBeUndefined();
    expect(state.keys(PORTFOLIO)).toEqual([key(1)]);
  });

  it('undoes changes made while entries were packed and unpacked', () => {
    const { packer } = countingPacker();
    const state = new ContactBookState({ packer, hotEntries: 2 });
    for (let i = 0; i < 10; i++) state.apply({ kind: 'upsert', key: key(i), entry: entryOf(i) });
    state.begin();
    for (let i = 0; i < 10; i++) {
      state.apply({ kind: 'upsert', key: key(i), entry: entryOf(i, 1) });
      state.apply({ kind: 'delete', key: key((i + 5) % 10) });
    }
    state.apply({ kind: 'upsert', key: key(10), entry: entryOf(10) });
    state.rollback();
    for (let i = 0; i < 10; i++) expect(state.entry(key(i))).toEqual(entryOf(i));
    expect(state.entry(key(10))).toBeUndefined();
    expect(state.size).toBe(10);
  });
});
