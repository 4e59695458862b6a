// A broker-free stand-in for the Kafka worker, to test its processor as pure glue: topics are
// arrays per partition, inputs are appended keyed by portfolio (as every writer of the input
// log does) and placed by kafkajs's own default partitioner (murmur2, Java-compatible),
// explicit partitions are honoured, and each partition's records are processed in order by
// the real PortfolioProcessor. Values are encoded with the real Avro schemas and record
// mappers (no registry), so a field lost on the way shows up here too.
import type avro from 'avsc';
import { WaiError } from '../../../processors/domain/errors.js';
import type { ContactBookValue } from '../../../processors/domain/identity/contact-book-state.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { DLQ_HEADERS, dlqRecord } from '../../../processors/adapters/kafka/dlq.js';
import { partitionForKey } from '../../../processors/adapters/kafka/index.js';
import type {
  AssignContext,
  BatchContext,
  InputRecord,
  OutputRecord,
} from '../../../processors/adapters/kafka/index.js';
import { topicNames } from '../../../processors/adapters/kafka/topics.js';
import { recordMappers } from '../../../processors/adapters/avro/records/index.js';
import { latestVersion } from '../../../processors/adapters/avro/catalog.js';
import { loadConfig, type Env } from '../../../processors/applications/config.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import { inputRecords } from '../../../processors/applications/input-log/append.js';
import type { WorkerEncoders } from '../../../processors/applications/worker/outputs.js';
import {
  PortfolioProcessor,
  type PortfolioProcessorOptions,
} from '../../../processors/applications/worker/portfolio-processor.js';
import { avroEntryPacker } from '../../../processors/applications/worker/state-packing.js';
import type { DomainRecord, PipelineInput } from './reference.js';
import { present } from '../../helpers/present.js';

export const TOPICS = topicNames('sim.');
const logger = createLogger({ level: 'silent' });

function avroCodec<D, A>(subject: string, mapper: { toAvro(v: D): A; fromAvro(v: A): D }) {
  const type: avro.Type = latestVersion(subject).type;
  return {
    encode: (value: D): Buffer => type.toBuffer(mapper.toAvro(value)),
    // As the registry codec does: bytes that are not a record of the schema are WAI_SCHEMA.
    decode(bytes: Buffer): D {
      let value: A;
      try {
        value = type.fromBuffer(bytes) as A;
      } catch (cause) {
        throw new WaiError('WAI_SCHEMA', `not a ${subject} record`, { cause });
      }
      return mapper.fromAvro(value);
    },
  };
}

export const codecs = {
  dataStream: avroCodec('whatsapp.data-stream-value', recordMappers.dataStream),
  exportLog: avroCodec('whatsapp.export-log-value', recordMappers.exportLog),
  outboundResults: avroCodec('whatsapp.outbound.results-value', recordMappers.outboundResults),
  contactBook: avroCodec('whatsapp.contact-book-value', recordMappers.contactBook),
};

export const encoders: WorkerEncoders = {
  dataStream: (v) => codecs.dataStream.encode(v),
  exportLog: (v) => codecs.exportLog.encode(v),
  outboundResults: (v) => codecs.outboundResults.encode(v),
  contactBook: (v) => (v === null ? null : codecs.contactBook.encode(v)),
};

const packCodec = {
  schemaId: 0,
  encode: (v: ContactBookValue) => codecs.contactBook.encode(v),
  decodeOwn: (b: Buffer) => codecs.contactBook.decode(b),
};

export const decodeState = (bytes: Buffer | null): Promise<ContactBookValue | null> =>
  Promise.resolve(bytes === null ? null : codecs.contactBook.decode(bytes));

function asBuffer(v: Buffer | string | null): Buffer | null {
  return v === null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v);
}

export function header(r: InputRecord, name: string): string | undefined {
  const v = r.headers[name];
  return v === undefined ? undefined : (Buffer.isBuffer(v) ? v : v[0])?.toString();
}

export function batchContext(partition: number): BatchContext {
  return {
    stage: 'normalize',
    topic: TOPICS.input,
    partition,
    logger,
    dlq: (record, error) =>
      dlqRecord(record, error, { stage: 'normalize', topic: TOPICS.dlq, at: 0 }),
  };
}

/** Topics as partitioned logs; `produce` places records the way the broker would. */
export class SimTopics {
  private readonly logs = new Map<string, InputRecord[][]>();

  constructor(readonly partitions: number) {}

  log(topic: string): InputRecord[][] {
    let log = this.logs.get(topic);
    if (log === undefined) {
      log = Array.from({ length: this.partitions }, () => []);
      this.logs.set(topic, log);
    }
    return log;
  }

  all(topic: string): InputRecord[] {
    return this.log(topic).flat();
  }

  produce(records: readonly OutputRecord[]): InputRecord[] {
    return records.map((r) => {
      const log = this.log(r.topic);
      const key = asBuffer(r.key);
      const partition =
        r.partition ?? (key === null ? 0 : partitionForKey(key.toString(), this.partitions));
      const target = log[partition];
      if (target === undefined) throw new Error(`${r.topic} has no partition ${partition}`);
      const headers: Record<string, Buffer> = {};
      for (const [name, v] of Object.entries(r.headers ?? {}))
        headers[name] = present(
          asBuffer(Array.isArray(v) ? (v[0] as Buffer | string) : (v as Buffer)),
        );
      const record: InputRecord = {
        topic: r.topic,
        partition,
        offset: String(target.length),
        key,
        value: asBuffer(r.value),
        headers,
        timestamp: r.timestamp ?? 0,
      };
      target.push(record);
      return record;
    });
  }
}

/**
 * An AssignContext that restores from the simulated topics as the runner's does: from the log
 * start, or from `from` (a catch-up), to the end, which it reports. `calls` lists each
 * restore's start offsets, for tests.
 */
export function restoringContext(
  topics: SimTopics,
  calls: Map<number, string>[] = [],
): AssignContext {
  return {
    stage: 'normalize',
    logger,
    async restore(topic, numbers, apply, from) {
      calls.push(new Map(from));
      let records = 0;
      const endOffsets = new Map<number, string>();
      for (const p of numbers) {
        const log = topics.log(topic)[p] ?? [];
        for (const r of log.slice(Number(from?.get(p) ?? 0))) {
          await apply(r);
          records += 1;
        }
        endOffsets.set(p, String(log.length));
      }
      return { records, endOffsets };
    },
  };
}

export interface SimWorker {
  topics: SimTopics;
  processor: PortfolioProcessor;
  /** Appends inputs to the input log (keyed by portfolio) without processing them. */
  append(inputs: readonly PipelineInput[]): void;
  /** Processes every unread input record, partition by partition. */
  drain(): void;
  /** A fresh processor owning every partition, restored from the contact book. */
  restored(): Promise<PortfolioProcessor>;
  /** Everything on the output topics, decoded. */
  records(): DomainRecord[];
}

export async function simWorker(env: Env, partitions: number): Promise<SimWorker> {
  const domain = domainSettings(loadConfig(env));
  const topics = new SimTopics(partitions);
  const options: PortfolioProcessorOptions = {
    topics: TOPICS,
    routing: domain.routing,
    resolver: domain.resolver,
    encode: encoders,
    decodeState,
    partitions,
    // As start-pipeline.ts does, with a hot set so small that nearly every entry a rule reads
    // was packed first: the equivalence tests then hold for the packed state too.
    packing: { packer: avroEntryPacker(packCodec), hotEntries: 8 },
    // Restored entries kept as read, as `packedAsRead` does (these bytes have no header).
    packRestored: (bytes) => (bytes[0] === 2 ? bytes.toString('latin1') : null),
  };
  const assignCtx = restoringContext(topics);
  const all = Array.from({ length: partitions }, (_, partition) => ({
    topic: TOPICS.input,
    partition,
  }));
  const assigned = async (): Promise<PortfolioProcessor> => {
    const p = new PortfolioProcessor(options);
    await p.assign(all, assignCtx);
    return p;
  };
  const processor = await assigned();
  const next = new Array<number>(partitions).fill(0);
  return {
    topics,
    processor,
    append(inputs) {
      const lines = inputs.map((i) => ({ value: i.value, timestamp: i.timestamp }));
      topics.produce(inputRecords(TOPICS.input, lines, domain.routing));
    },
    drain() {
      topics.log(TOPICS.input).forEach((log, p) => {
        for (; (next[p] ?? 0) < log.length; next[p] = (next[p] ?? 0) + 1) {
          const record = log[next[p] ?? 0] as InputRecord;
          topics.produce(processor.processBatch([record], batchContext(p)));
        }
      });
    },
    restored: assigned,
    records() {
      const out: DomainRecord[] = [];
      const key = (r: InputRecord) => r.key?.toString() ?? null;
      const bytes = (r: InputRecord) => r.value as Buffer;
      for (const r of topics.all(TOPICS.dataStream))
        out.push({ topic: 'data-stream', key: key(r), value: codecs.dataStream.decode(bytes(r)) });
      for (const r of topics.all(TOPICS.exportLog))
        out.push({ topic: 'export-log', key: key(r), value: codecs.exportLog.decode(bytes(r)) });
      for (const r of topics.all(TOPICS.outboundResults))
        out.push({
          topic: 'outbound',
          key: key(r),
          value: codecs.outboundResults.decode(bytes(r)),
        });
      for (const r of topics.all(TOPICS.contactBook)) {
        const v = r.value === null ? null : codecs.contactBook.decode(r.value);
        out.push({ topic: 'contact-book', key: key(r), value: v });
      }
      for (const r of topics.all(TOPICS.dlq))
        out.push({ topic: 'dlq', key: key(r), value: header(r, DLQ_HEADERS.code) ?? '' });
      return out;
    },
  };
}
