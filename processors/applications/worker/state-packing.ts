// The worker's cold contact entries (domain/identity/entry-packing.ts) in the contact-book
// topic's own Avro encoding, as a one-byte string: the bytes a restore read, about 150 B for
// a typical entry. Only this process's writer id is ever packed, so unpacking needs no
// registry and never waits.
import type { EntryPacker } from '../../domain/identity/entry-packing.js';
import type { ContactEntry } from '../../domain/identity/entry.js';
import { WaiError } from '../../domain/errors.js';
import type { ContactBookValue } from '../../domain/identity/contact-book-state.js';

export interface OwnCodec {
  encode(value: ContactBookValue): Buffer;
  decodeOwn(bytes: Buffer): ContactBookValue;
}

export function avroEntryPacker(codec: OwnCodec): EntryPacker {
  return {
    pack: (entry) => codec.encode(entry).toString('latin1'),
    unpack: (packed): ContactEntry => {
      const value = codec.decodeOwn(Buffer.from(packed, 'latin1'));
      if (!('userKey' in value)) {
        throw new WaiError('WAI_INTERNAL', 'a packed contact entry holds portfolio settings');
      }
      return value;
    },
  };
}
