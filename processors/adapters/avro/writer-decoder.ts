// Decoding any record on the Confluent wire format by its writer's schema, fetched from the
// registry by the id the record carries (one fetch per id): what tools that read topics need,
// since they must read what producers of any version wrote, without registering anything.
// With a reader schema, values are resolved into it (the writer's extra fields dropped, its
// missing ones defaulted), the way AvroCodec reads.
import avro from 'avsc';
import { WaiError } from '../../domain/errors.js';
import type { RegistryClient } from './registry.js';

const MAGIC = 0;
const HEADER_BYTES = 5;

export interface DecodedAvro {
  /** The writer's schema id, from the record's header. */
  schemaId: number;
  /** avsc's value: nullable unions unwrapped, longs (and timestamps) as numbers. */
  value: unknown;
}

export interface WriterDecoder {
  /** Rejects with WAI_SCHEMA: the bytes are not Avro of their id, or the id is unknown. */
  decode(bytes: Buffer): Promise<DecodedAvro>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createWriterDecoder(registry: RegistryClient, reader?: avro.Type): WriterDecoder {
  const read = new Map<number, Promise<(body: Buffer) => unknown>>();
  const readerFor = async (id: number): Promise<(body: Buffer) => unknown> => {
    let writer: avro.Type;
    try {
      const found = (await registry.confluent.getSchema(id)) as unknown as avro.Type;
      // Rebuilt from its JSON: the client's avsc copy may not be ours (see AvroCodec).
      writer = avro.Type.forSchema(JSON.parse(JSON.stringify(found.schema())) as avro.Schema);
    } catch (cause) {
      throw new WaiError('WAI_SCHEMA', `cannot fetch writer schema id ${id}: ${message(cause)}`, {
        cause,
      });
    }
    if (reader === undefined) return (body) => writer.fromBuffer(body) as unknown;
    let resolver: avro.Resolver;
    try {
      resolver = reader.createResolver(writer);
    } catch (cause) {
      throw new WaiError(
        'WAI_SCHEMA',
        `writer schema id ${id} cannot be read as ${reader.name ?? 'the reader schema'}: ${message(cause)}`,
        { cause },
      );
    }
    return (body) => reader.fromBuffer(body, resolver) as unknown;
  };
  return {
    async decode(bytes) {
      if (bytes.length < HEADER_BYTES || bytes.readUInt8(0) !== MAGIC) {
        throw new WaiError('WAI_SCHEMA', 'value is not in the Confluent Avro wire format');
      }
      const schemaId = bytes.readInt32BE(1);
      let pending = read.get(schemaId);
      if (pending === undefined) {
        pending = readerFor(schemaId);
        read.set(schemaId, pending);
        pending.catch(() => read.delete(schemaId));
      }
      const fromBody = await pending;
      try {
        return { schemaId, value: fromBody(bytes.subarray(HEADER_BYTES)) };
      } catch (cause) {
        throw new WaiError(
          'WAI_SCHEMA',
          `value written with schema id ${schemaId} is not valid Avro for it: ${message(cause)}`,
          { cause },
        );
      }
    },
  };
}
