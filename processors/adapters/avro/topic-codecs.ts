// Typed codecs per topic: domain value → Avro value (avro/records) → Confluent wire
// bytes, and back. Created once at start-up, after registering every subject, so the ids
// written are the registry's own. Each topic writes and reads its latest schema version;
// older writers are resolved into it (AvroCodec).
import type { NormalizedEvent } from '../../domain/events/event.js';
import type { ExportLogRow } from '../../domain/identity/export-log.js';
import { WaiError } from '../../domain/errors.js';
import { topicSpecs } from '../kafka/topics.js';
import {
  recordMappers,
  type AvroTopicId,
  type ContactBookValue,
  type OutboundResult,
  type RecordMapper,
} from './records/index.js';
import { registerTopicSchemas, type RegisteredSubject } from './register-topics.js';
import { AvroCodec, type RegistryClient } from './registry.js';

export interface TopicCodec<T> {
  readonly topic: string;
  readonly subject: string;
  /** Registry id of the latest version, which `encode` writes. */
  readonly schemaId: number;
  encode(value: T): Buffer;
  /** Rejects with a WaiError WAI_SCHEMA: retriable when the registry could not be asked. */
  decode(bytes: Buffer): Promise<T>;
  /** A value `encode` wrote, synchronously (throws WAI_SCHEMA for any other writer). */
  decodeOwn(bytes: Buffer): T;
}

/** A compacted topic: a null value is a tombstone, passed through both ways. */
export interface StateTopicCodec<T> extends Omit<TopicCodec<T>, 'encode' | 'decode'> {
  /** The codec of the non-null values (no tombstones): for packing state in memory. */
  readonly values: TopicCodec<T>;
  encode(value: T | null): Buffer | null;
  decode(bytes: Buffer | null): Promise<T | null>;
}

export interface TopicCodecs {
  dataStream: TopicCodec<NormalizedEvent>;
  exportLog: TopicCodec<ExportLogRow>;
  outboundResults: TopicCodec<OutboundResult>;
  contactBook: StateTopicCodec<ContactBookValue>;
}

export interface TopicCodecOptions {
  /** Where schemas/<subject>/v<N>.avsc live (default: the package's schemas/). */
  schemasDir?: string;
}

function topicCodec<D, A>(
  registry: RegistryClient,
  subject: RegisteredSubject,
  mapper: RecordMapper<D, A>,
): TopicCodec<D> {
  const latest = subject.versions[subject.versions.length - 1];
  const id = subject.ids[subject.ids.length - 1];
  if (latest === undefined || id === undefined) {
    throw new WaiError('WAI_SCHEMA', `${subject.subject}: no schema version registered`);
  }
  const avro = new AvroCodec<A>(registry, latest.type, id);
  return {
    topic: subject.topic,
    subject: subject.subject,
    schemaId: id,
    encode: (value) => avro.encode(mapper.toAvro(value)),
    decode: async (bytes) => mapper.fromAvro(await avro.decode(bytes)),
    decodeOwn: (bytes) => mapper.fromAvro(avro.decodeOwn(bytes)),
  };
}

function stateCodec<D>(codec: TopicCodec<D>): StateTopicCodec<D> {
  return {
    topic: codec.topic,
    subject: codec.subject,
    schemaId: codec.schemaId,
    values: codec,
    decodeOwn: (bytes) => codec.decodeOwn(bytes),
    encode: (value) => (value === null ? null : codec.encode(value)),
    decode: (bytes) => (bytes === null ? Promise.resolve(null) : codec.decode(bytes)),
  };
}

/** Registers every subject of `config.topicPrefix`'s topics, then builds their codecs. */
export async function createTopicCodecs(
  registry: RegistryClient,
  config: { readonly topicPrefix: string },
  options: TopicCodecOptions = {},
): Promise<TopicCodecs> {
  const registered = await registerTopicSchemas(
    registry,
    topicSpecs(config.topicPrefix),
    options.schemasDir,
  );
  const byId = new Map(registered.map((r) => [r.topicId, r]));
  const subject = (id: AvroTopicId): RegisteredSubject => {
    const found = byId.get(id);
    if (found === undefined) {
      throw new WaiError('WAI_INTERNAL', `topic ${id} has no schema directory (kafka/topics.ts)`);
    }
    return found;
  };
  const unmapped = registered.filter((r) => !(r.topicId in recordMappers));
  if (unmapped.length > 0) {
    const names = unmapped.map((r) => r.topicId).join(', ');
    throw new WaiError('WAI_INTERNAL', `Avro topics without a record mapper: ${names}`);
  }
  return {
    dataStream: topicCodec(registry, subject('dataStream'), recordMappers.dataStream),
    exportLog: topicCodec(registry, subject('exportLog'), recordMappers.exportLog),
    outboundResults: topicCodec(
      registry,
      subject('outboundResults'),
      recordMappers.outboundResults,
    ),
    contactBook: stateCodec(
      topicCodec(registry, subject('contactBook'), recordMappers.contactBook),
    ),
  };
}
