// The worker's cold contact entries (domain/identity/entry-packing.ts) in the contact-book
// topic's own Avro encoding, as a one-byte string: the bytes a restore read, about 150 B for
// a typical entry. Only this process's writer id is ever packed, so unpacking needs no
// registry and never waits.
import type { EntryPacker } from '../../domain/identity/entry-packing.js';
import type { ContactEntry } from '../../domain/identity/entry.js';
import { WaiError } from '../../domain/errors.js';
import type { ContactBookValue } from '../../domain/identity/contact-book-state.js';

export interface OwnCodec {
  /** Registry id of the schema `encode` writes. */
  readonly schemaId: number;
  encode(value: ContactBookValue): Buffer;
  decodeOwn(bytes: Buffer): ContactBookValue;
}

/** The Avro union index of `entry` set (branch 1, zig-zag): the record's first body byte. */
const ENTRY_SET = 2;

/**
 * A restored contact-book value kept exactly as read when it is an entry this process could
 * have written (same writer id): no decode and re-encode per entry, so a large contact book
 * restores at the speed it is fetched. Only the header and the branch are checked here; the
 * full decode happens when a rule first reads the entry (a value that fails it then is a
 * corrupt state topic: retriable, so the partition is restored again, never answered wrongly).
 * Anything else (another writer's schema, settings) is null: decoded as before.
 */
export function packedAsRead(codec: OwnCodec): (bytes: Buffer) => string | null {
  return (bytes) =>
    bytes.length > 6 &&
    bytes[0] === 0 &&
    bytes.readInt32BE(1) === codec.schemaId &&
    bytes[5] === ENTRY_SET
      ? bytes.toString('latin1')
      : null;
}

export function avroEntryPacker(codec: OwnCodec): EntryPacker {
  return {
    pack: (entry) => codec.encode(entry).toString('latin1'),
    unpack: (packed): ContactEntry => {
      let value: ContactBookValue;
      try {
        value = codec.decodeOwn(Buffer.from(packed, 'latin1'));
      } catch (cause) {
        throw new WaiError('WAI_INTERNAL', 'a packed contact entry cannot be read', {
          cause,
          retriable: true,
        });
      }
      if (!('userKey' in value)) {
        throw new WaiError('WAI_INTERNAL', 'a packed contact entry holds portfolio settings', {
          retriable: true,
        });
      }
      return value;
    },
  };
}
