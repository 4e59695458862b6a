// The worker's packed contact entries (applications/worker/state-packing.ts) in the contact-book
// topic's own Avro wire format: a restored entry of this writer is kept as read and unpacks
// to the entry written; settings, another writer's bytes and corrupt bytes are told apart.
import { describe, expect, it } from '@jest/globals';
import { latestVersion } from '../../../processors/adapters/avro/catalog.js';
import { recordMappers } from '../../../processors/adapters/avro/records/index.js';
import { AvroCodec } from '../../../processors/adapters/avro/registry.js';
import type { RegistryClient } from '../../../processors/adapters/avro/registry.js';
import {
  avroEntryPacker,
  packedAsRead,
} from '../../../processors/applications/worker/state-packing.js';
import {
  ContactBookState,
  type ContactBookValue,
} from '../../../processors/domain/identity/contact-book-state.js';
import { findContact } from '../../../processors/domain/lookup/find-contact.js';
import { parseLookupId } from '../../../processors/domain/lookup/lookup-id.js';
import { freshEntry } from '../../../processors/domain/identity/entry.js';
import { defaultSettings } from '../../../processors/domain/identity/portfolio.js';
import type { ContactBookValueV3 } from '../../../schemas/whatsapp.contact-book-value/v3.js';

const ID = 17;
const unusedRegistry = {} as RegistryClient; // decoding our own writer never asks it
const avro = new AvroCodec<ContactBookValueV3>(
  unusedRegistry,
  latestVersion('whatsapp.contact-book-value').type,
  ID,
);
const codec = {
  schemaId: ID,
  encode: (v: ContactBookValue) => avro.encode(recordMappers.contactBook.toAvro(v)),
  decodeOwn: (b: Buffer) => recordMappers.contactBook.fromAvro(avro.decodeOwn(b)),
};
const entry = {
  ...freshEntry('acme|US.13491208655302741918', 1_780_000_000_000),
  phone: '16505551234',
  profileName: 'Zoë',
  lastInteractionAt: { '106540352242922': 1_780_000_100_000 },
  recentEventIds: ['a1', 'b2'],
};

describe('state packing in the contact-book encoding', () => {
  it('keeps an entry of this writer as read, and unpacks it to the entry written', () => {
    const packed = packedAsRead(codec)(codec.encode(entry));
    expect(packed).not.toBeNull();
    expect(avroEntryPacker(codec).unpack(packed ?? '')).toEqual(entry);
    expect(avroEntryPacker(codec).unpack(avroEntryPacker(codec).pack(entry))).toEqual(entry);
  });

  it('leaves settings and other writers to the decoder', () => {
    expect(packedAsRead(codec)(codec.encode(defaultSettings('acme')))).toBeNull();
    const other = Buffer.from(codec.encode(entry));
    other.writeInt32BE(ID + 1, 1);
    expect(packedAsRead(codec)(other)).toBeNull();
  });

  it('refuses a corrupt packed entry as retriable, never as an answer', () => {
    const bytes = codec.encode(entry);
    const corrupt = bytes.subarray(0, bytes.length - 12).toString('latin1');
    expect(() => avroEntryPacker(codec).unpack(corrupt)).toThrow(
      expect.objectContaining({ code: 'WAI_INTERNAL', retriable: true }),
    );
  });
});

describe('a lookup reading packed state', () => {
  it('finds packed entries by BSUID and username, and leaves them packed', () => {
    const state = new ContactBookState({ packer: avroEntryPacker(codec), hotEntries: 2 });
    const key = 'acme|US.13491208655302741918';
    state.restorePacked(key, avroEntryPacker(codec).pack({ ...entry, username: 'zoe.x' }));
    const id = parseLookupId('@Zoe.X');
    if (id === null) throw new Error('bad id');
    expect(findContact(state, 'acme', id, () => 'unused')?.userKey).toBe(entry.userKey);
    expect(state.peek(key)?.phone).toBe('16505551234');
    // Still packed: no read made it an object of the hot set (a rule's read would).
    expect(state.hotCount()).toBe(0);
    expect(state.entry(key)?.username).toBe('zoe.x');
    expect(state.hotCount()).toBe(1);
  });
});
