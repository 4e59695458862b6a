// Schema registration and the Avro codec on the Confluent wire format (magic byte 0, 4-byte
// schema id, Avro body). Subjects follow TopicNameStrategy and are set to FULL_TRANSITIVE
// before any version is registered, so the registry itself refuses an incompatible change.
// Decoding resolves the writer's schema into the reader's, one resolver cached per writer id.
//
// Checked against Apicurio Registry 3.0.9 (ccompat v7) and written to the Confluent API:
// - PUT /config/<subject> is accepted before the subject has a version, and then enforced;
// - GET /config/<subject> of a subject without its own level answers the global level (200),
//   not 404, so "is it set" is answered by the value, never by the status;
// - ids are content ids: the same schema under two subjects has one id, and registering an
//   already registered version (even an older one) answers its existing id.
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { WaiError } from '../../domain/errors.js';
import type { SchemaVersion } from './catalog.js';
import {
  NO_REGISTRY_SECURITY,
  registryAgent,
  registryRequester,
  type RegistryRequest,
  type RegistrySecurity,
} from './registry-http.js';

export type { RegistrySecurity } from './registry-http.js';

export const SUBJECT_COMPATIBILITY = COMPATIBILITY.FULL_TRANSITIVE;
const MAGIC = 0;
const HEADER_BYTES = 5;

function withHeader(buffer: Buffer, writerId: number): Buffer {
  buffer.writeUInt8(MAGIC, 0);
  buffer.writeInt32BE(writerId, 1);
  return buffer;
}

export function subjectFor(topic: string): string {
  return `${topic}-value`;
}

/** The Confluent client plus the base URL, which the client does not expose (config calls). */
export interface RegistryClient {
  readonly url: string;
  readonly confluent: SchemaRegistry;
  /** A call to the Confluent API outside the client, with the same auth and CA. */
  readonly request: RegistryRequest;
}

export function createRegistryClient(
  url: string,
  security: RegistrySecurity = NO_REGISTRY_SECURITY,
): RegistryClient {
  const base = url.replace(/\/+$/, '');
  const agent = registryAgent(base, security);
  const confluent = new SchemaRegistry({
    host: base,
    clientId: 'wa-identity',
    ...(security.auth === null ? {} : { auth: { ...security.auth } }),
    ...(agent === undefined ? {} : { agent }),
  });
  return { url: base, confluent, request: registryRequester(base, security, agent) };
}

/** A registry that is down or overloaded may answer later; a refusal (4xx) will not change. */
function isRetriableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * For failures of the Confluent client, which reports an unreachable registry as HTTP 400
 * (mappersmith), so only the statuses named permanent are taken as the registry's answer.
 * An error without a status is the client's own validation: permanent too.
 */
function clientFailureRetriable(err: unknown, permanent: readonly number[]): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && !permanent.includes(status);
}

function configCall(
  registry: RegistryClient,
  subject: string,
  init: { method?: string; body?: string },
): Promise<Response> {
  return registry.request(`/config/${encodeURIComponent(subject)}`, init);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function setCompatibility(registry: RegistryClient, subject: string): Promise<void> {
  const res = await configCall(registry, subject, {
    method: 'PUT',
    body: JSON.stringify({ compatibility: SUBJECT_COMPATIBILITY }),
  });
  if (!res.ok) {
    throw new WaiError(
      'WAI_SCHEMA',
      `registry refused compatibility ${SUBJECT_COMPATIBILITY} for ${subject}: HTTP ${res.status} ${await res.text()}`,
      { retriable: isRetriableStatus(res.status) },
    );
  }
}

/** The subject's effective level (its own, else the registry's global one); null if unknown. */
export async function getCompatibility(
  registry: RegistryClient,
  subject: string,
): Promise<string | null> {
  const res = await configCall(registry, subject, { method: 'GET' });
  if (res.status === 404) return null;
  if (!res.ok) {
    throw new WaiError(
      'WAI_SCHEMA',
      `reading the compatibility of ${subject}: HTTP ${res.status} ${await res.text()}`,
      { retriable: isRetriableStatus(res.status) },
    );
  }
  const body = (await res.json()) as { compatibilityLevel?: unknown };
  return typeof body.compatibilityLevel === 'string' ? body.compatibilityLevel : null;
}

/**
 * Sets FULL_TRANSITIVE, then registers every version in order, so each step is checked
 * against all earlier ones. Idempotent: a registered version answers its existing id.
 * Returns the ids in version order (the last one is the latest writer's).
 */
export async function registerVersions(
  registry: RegistryClient,
  subject: string,
  versions: readonly SchemaVersion[],
): Promise<number[]> {
  await setCompatibility(registry, subject);
  const ids: number[] = [];
  for (const v of versions) {
    try {
      const { id } = await registry.confluent.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(v.definition) },
        { subject, compatibility: SUBJECT_COMPATIBILITY },
      );
      ids.push(id);
    } catch (cause) {
      throw new WaiError(
        'WAI_SCHEMA',
        `registering ${subject} v${v.version} failed: ${message(cause)}`,
        // 409: incompatible with an earlier version; 422: not a valid schema.
        { cause, retriable: clientFailureRetriable(cause, [409, 422]) },
      );
    }
  }
  return ids;
}

/**
 * Encodes with one schema (the writer id) and decodes any registered writer of the subject
 * into that same schema as reader. Values are avsc's: nullable unions unwrapped, longs as
 * numbers, timestamp-millis as epoch ms.
 */
export class AvroCodec<T> {
  /** In flight or done; a failed lookup is dropped so the next record asks again. */
  private readonly resolvers = new Map<number, Promise<avro.Resolver | null>>();
  /** Encodes are written here first: magic byte and writer id stay in place. */
  private scratch: Buffer;

  constructor(
    private readonly registry: RegistryClient,
    /** The schema this process writes with and reads into. */
    readonly type: avro.Type,
    /** Registry id of `type` under this codec's subject. */
    readonly writerId: number,
  ) {
    this.scratch = withHeader(Buffer.allocUnsafe(16 * 1024), writerId);
  }

  /**
   * A value that does not fit is refused with the paths of the offending fields, never their
   * values (they may be phone numbers); e.g. a long beyond avsc's ±2^52.
   */
  encode(value: T): Buffer {
    let end: number;
    try {
      end = this.write(value);
    } catch (cause) {
      const paths: string[] = [];
      this.type.isValid(value, { errorHook: (path) => paths.push(path.join('.')) });
      throw new WaiError(
        'WAI_SCHEMA',
        `value does not fit ${this.type.name ?? 'its schema'} at ${paths.join(', ') || '(top)'}`,
        { cause },
      );
    }
    // One copy out of the scratch buffer, into pooled memory (avsc's own toBuffer zero-fills
    // a fresh buffer and the header made a second copy: both showed in the worker's profile).
    const out = Buffer.allocUnsafe(end);
    this.scratch.copy(out, 0, 0, end);
    return out;
  }

  /** Header and body into the scratch buffer, grown until the value fits; returns the end. */
  private write(value: T): number {
    for (;;) {
      const end = this.type.encode(value, this.scratch, HEADER_BYTES);
      if (end >= 0) return end;
      // avsc answers minus the bytes missing.
      this.scratch = withHeader(Buffer.allocUnsafe(2 * (this.scratch.length - end)), this.writerId);
    }
  }

  /**
   * A malformed record is non-retriable (a poison pill for the DLQ); a registry that cannot
   * be reached is retriable (the batch is replayed).
   */
  async decode(buffer: Buffer): Promise<T> {
    if (buffer.length < HEADER_BYTES || buffer.readUInt8(0) !== MAGIC) {
      throw new WaiError(
        'WAI_SCHEMA',
        'value is not in the Confluent Avro wire format (magic byte 0 + schema id)',
      );
    }
    const id = buffer.readInt32BE(1);
    const resolver = await this.resolver(id);
    const body = buffer.subarray(HEADER_BYTES);
    try {
      return (
        resolver === null ? this.type.fromBuffer(body) : this.type.fromBuffer(body, resolver)
      ) as T;
    } catch (cause) {
      throw new WaiError(
        'WAI_SCHEMA',
        `value written with schema id ${id} is not valid Avro for it: ${message(cause)}`,
        { cause },
      );
    }
  }

  /**
   * A value this codec wrote (its own writer id), synchronously: no registry lookup can be
   * needed. Anything else is refused (WAI_SCHEMA), as a malformed record is by `decode`.
   */
  decodeOwn(buffer: Buffer): T {
    if (buffer.length < HEADER_BYTES || buffer.readUInt8(0) !== MAGIC) {
      throw new WaiError('WAI_SCHEMA', 'value is not in the Confluent Avro wire format');
    }
    const id = buffer.readInt32BE(1);
    if (id !== this.writerId) {
      throw new WaiError(
        'WAI_SCHEMA',
        `value has writer id ${id}, not this codec's ${this.writerId}`,
      );
    }
    try {
      return this.type.fromBuffer(buffer.subarray(HEADER_BYTES)) as T;
    } catch (cause) {
      throw new WaiError('WAI_SCHEMA', `value is not valid Avro for id ${id}: ${message(cause)}`, {
        cause,
      });
    }
  }

  private resolver(id: number): Promise<avro.Resolver | null> {
    if (id === this.writerId) return Promise.resolve(null);
    let pending = this.resolvers.get(id);
    if (pending === undefined) {
      pending = this.resolverFor(id);
      this.resolvers.set(id, pending);
      pending.catch(() => this.resolvers.delete(id));
    }
    return pending;
  }

  private async resolverFor(id: number): Promise<avro.Resolver> {
    let writer: avro.Type;
    try {
      const found = (await this.registry.confluent.getSchema(id)) as unknown as avro.Type;
      // Rebuilt from its JSON: the client's avsc copy may not be ours, and types of two
      // copies cannot be resolved against each other.
      writer = avro.Type.forSchema(JSON.parse(JSON.stringify(found.schema())) as avro.Schema);
    } catch (cause) {
      // 404: no such id, the record is unreadable for good (a poison pill).
      throw new WaiError('WAI_SCHEMA', `cannot fetch writer schema id ${id}: ${message(cause)}`, {
        cause,
        retriable: clientFailureRetriable(cause, [404]),
      });
    }
    try {
      return this.type.createResolver(writer);
    } catch (cause) {
      throw new WaiError(
        'WAI_SCHEMA',
        `writer schema id ${id} cannot be read as ${this.type.name ?? 'this schema'}: ${message(cause)}`,
        { cause },
      );
    }
  }
}
