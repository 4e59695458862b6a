// Schema registration and the Avro codec on the Confluent wire format (magic byte 0, 4-byte
// schema id, Avro body). Subjects follow TopicNameStrategy and are set to FULL_TRANSITIVE
// before any version is registered, so the registry itself refuses an incompatible change.
// Decoding resolves the writer's schema into the reader's, one resolver cached per writer id.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { WaiError } from '../../core/errors.js';
import type { SchemaVersion } from './catalog.js';

export const COMPATIBILITY = 'FULL_TRANSITIVE';
const MAGIC = 0;

export function subjectFor(topic: string): string {
  return `${topic}-value`;
}

export function createRegistryClient(url: string): SchemaRegistry {
  return new SchemaRegistry({ host: url, clientId: 'wa-identity' });
}

async function setCompatibility(url: string, subject: string): Promise<void> {
  const res = await fetch(`${url}/config/${encodeURIComponent(subject)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: COMPATIBILITY }),
  });
  if (!res.ok) {
    throw new WaiError(
      'WAI_SCHEMA',
      `registry refused compatibility ${COMPATIBILITY} for ${subject}: HTTP ${res.status} ${await res.text()}`,
      {
        retriable: res.status >= 500,
      },
    );
  }
}

/** Registers every version in order (idempotent: the registry returns existing ids). */
export async function registerVersions(
  registry: SchemaRegistry,
  url: string,
  subject: string,
  versions: SchemaVersion[],
): Promise<number[]> {
  await setCompatibility(url, subject);
  const ids: number[] = [];
  for (const v of versions) {
    try {
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(v.definition) },
        { subject, compatibility: COMPATIBILITY as never },
      );
      ids.push(id);
    } catch (cause) {
      throw new WaiError(
        'WAI_SCHEMA',
        `registering ${subject} v${v.version} failed: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  return ids;
}

export class AvroCodec<T> {
  private readonly resolvers = new Map<number, avro.Resolver | null>();

  constructor(
    private readonly registry: SchemaRegistry,
    /** The schema this process writes with and reads into. */
    readonly type: avro.Type,
    /** Registry id of `type` under this codec's subject. */
    readonly writerId: number,
  ) {}

  encode(value: T): Buffer {
    const body = this.type.toBuffer(value);
    const out = Buffer.allocUnsafe(5 + body.length);
    out.writeUInt8(MAGIC, 0);
    out.writeInt32BE(this.writerId, 1);
    body.copy(out, 5);
    return out;
  }

  async decode(buffer: Buffer): Promise<T> {
    if (buffer.length < 5 || buffer.readUInt8(0) !== MAGIC) {
      throw new WaiError(
        'WAI_SCHEMA',
        'value is not in the Confluent Avro wire format (magic byte 0 + schema id)',
      );
    }
    const id = buffer.readInt32BE(1);
    let resolver = this.resolvers.get(id);
    if (resolver === undefined) {
      resolver = id === this.writerId ? null : await this.resolverFor(id);
      this.resolvers.set(id, resolver);
    }
    const body = buffer.subarray(5);
    return (
      resolver === null ? this.type.fromBuffer(body) : this.type.fromBuffer(body, resolver)
    ) as T;
  }

  private async resolverFor(id: number): Promise<avro.Resolver> {
    try {
      const writer = (await this.registry.getSchema(id)) as unknown as avro.Type;
      return this.type.createResolver(
        avro.Type.forSchema(JSON.parse(JSON.stringify(writer.schema())) as avro.Schema),
      );
    } catch (cause) {
      throw new WaiError(
        'WAI_SCHEMA',
        `cannot resolve writer schema id ${id}: ${(cause as Error).message}`,
        { cause, retriable: true },
      );
    }
  }
}
