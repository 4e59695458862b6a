// The worker's own contact-book codec and state packing, as start-pipeline.ts builds them, for
// the in-process benches (cpu-path, state-memory): the latest contact-book schema under a
// fixed writer id, no registry (encoding never asks it; only another writer's record would).
// PACKING=off keeps every entry an object, as before the packing.
import { join } from 'node:path';
import type * as CatalogModule from '../../processors/adapters/avro/catalog.js';
import type * as RegistryModule from '../../processors/adapters/avro/registry.js';
import type * as RecordsModule from '../../processors/adapters/avro/records/index.js';
import type * as PackingModule from '../../processors/applications/worker/state-packing.js';
import type * as EntryPackingModule from '../../processors/domain/identity/entry-packing.js';
import type { ContactBookValue } from '../../processors/domain/identity/contact-book-state.js';
import type { ContactBookValueV3 } from '../../schemas/whatsapp.contact-book-value/v3.js';

const ROOT = join(import.meta.dirname, '..', '..');
const built = async <T,>(path: string): Promise<T> =>
  (await import(join(ROOT, 'dist', 'processors', path))) as T;
const { latestVersion } = await built<typeof CatalogModule>('adapters/avro/catalog.js');
const { AvroCodec } = await built<typeof RegistryModule>('adapters/avro/registry.js');
const { recordMappers } = await built<typeof RecordsModule>('adapters/avro/records/index.js');
const { avroEntryPacker, packedAsRead } = await built<typeof PackingModule>(
  'applications/worker/state-packing.js',
);
const { DEFAULT_HOT_ENTRIES } = await built<typeof EntryPackingModule>(
  'domain/identity/entry-packing.js',
);

/** The writer id the contact book's records carry in these benches. */
export const STATE_SCHEMA_ID = 4;

const codec = new AvroCodec<ContactBookValueV3>(
  null as never,
  latestVersion('whatsapp.contact-book-value').type,
  STATE_SCHEMA_ID,
);
const { toAvro, fromAvro } = recordMappers.contactBook;

export const encodeState = (v: ContactBookValue): Buffer => codec.encode(toAvro(v));
export const decodeState = async (bytes: Buffer): Promise<ContactBookValue> =>
  fromAvro(await codec.decode(bytes));

const own = {
  schemaId: STATE_SCHEMA_ID,
  encode: encodeState,
  decodeOwn: (b: Buffer) => fromAvro(codec.decodeOwn(b)),
};

/** The PortfolioProcessor options of the worker's state packing (none with PACKING=off). */
export const statePacking =
  process.env['PACKING'] === 'off'
    ? {}
    : {
        packing: { packer: avroEntryPacker(own), hotEntries: DEFAULT_HOT_ENTRIES },
        packRestored: packedAsRead(own),
      };
