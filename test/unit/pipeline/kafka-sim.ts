// A broker-free stand-in for the runner, to test the stage processors as pure glue: topics
// are arrays per partition, keyed records are placed by kafkajs's own default partitioner
// (murmur2, Java-compatible), explicit partitions are honoured, and each stage processes
// one record at a time. Values are encoded with the real Avro schemas and record mappers
// (no registry), so a field lost on the way through identity-events shows up here too.
import { Partitioners } from 'kafkajs';
import type avro from 'avsc';
import { WaiError } from '../../../processors/domain/errors.js';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import type { BroadcastCommand, ResolveItem } from '../../../processors/domain/identity/commands.js';
import type { ResolveEncoders } from '../../../processors/applications/worker/resolve-kafka-outputs.js';
import type { ContactBookValue } from '../../../processors/applications/worker/resolve-kafka-state.js';
import { dlqRecord } from '../../../processors/adapters/kafka/dlq.js';
import type {
  BatchContext,
  InputRecord,
  OutputRecord,
  PartitionProcessor,
} from '../../../processors/adapters/kafka/index.js';
import { topicNames } from '../../../processors/adapters/kafka/topics.js';
import { recordMappers } from '../../../processors/adapters/avro/records/index.js';
import { latestVersion } from '../../../processors/adapters/avro/catalog.js';

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
  identityEvents: avroCodec('whatsapp.identity.events-value', recordMappers.identityEvents),
  dataStream: avroCodec('whatsapp.data-stream-value', recordMappers.dataStream),
  exportLog: avroCodec('whatsapp.export-log-value', recordMappers.exportLog),
  outboundResults: avroCodec('whatsapp.outbound.results-value', recordMappers.outboundResults),
  contactBook: avroCodec('whatsapp.contact-book-value', recordMappers.contactBook),
};

export const encoders: ResolveEncoders = {
  identityEvents: (v) => codecs.identityEvents.encode(v),
  dataStream: (v) => codecs.dataStream.encode(v),
  exportLog: (v) => codecs.exportLog.encode(v),
  outboundResults: (v) => codecs.outboundResults.encode(v),
  contactBook: (v) => (v === null ? null : codecs.contactBook.encode(v)),
};

export const decodeItem = (bytes: Buffer): Promise<ResolveItem | BroadcastCommand> =>
  Promise.resolve(codecs.identityEvents.decode(bytes));
export const decodeState = (bytes: Buffer | null): Promise<ContactBookValue | null> =>
  Promise.resolve(bytes === null ? null : codecs.contactBook.decode(bytes));
export const decodeEvent = (bytes: Buffer): NormalizedEvent => codecs.dataStream.decode(bytes);

const partitioner = Partitioners.DefaultPartitioner();

function asBuffer(v: Buffer | string | null): Buffer | null {
  return v === null ? null : Buffer.isBuffer(v) ? v : Buffer.from(v);
}

export function batchContext(stage: string, topic: string, partition: number): BatchContext {
  return {
    stage,
    topic,
    partition,
    logger,
    dlq: (record, error) => dlqRecord(record, error, { stage, topic: TOPICS.dlq, at: 0 }),
  };
}

/** Topics as partitioned logs; `produce` places records the way the broker would. */
export class SimTopics {
  private readonly logs = new Map<string, InputRecord[][]>();

  constructor(private readonly partitions: number) {}

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

  produce(records: readonly OutputRecord[]): void {
    for (const r of records) {
      const log = this.log(r.topic);
      const key = asBuffer(r.key);
      const partition =
        r.partition ??
        partitioner({
          topic: r.topic,
          partitionMetadata: log.map((_, partitionId) => ({
            partitionId,
            leader: 0,
            partitionErrorCode: 0,
            replicas: [0],
            isr: [0],
          })),
          message: { key, value: null },
        });
      const target = log[partition];
      if (target === undefined) throw new Error(`${r.topic} has no partition ${partition}`);
      const headers: Record<string, Buffer> = {};
      for (const [name, v] of Object.entries(r.headers ?? {}))
        headers[name] = asBuffer(Array.isArray(v) ? (v[0] as Buffer | string) : (v as Buffer))!;
      target.push({
        topic: r.topic,
        partition,
        offset: String(target.length),
        key,
        value: asBuffer(r.value),
        headers,
        timestamp: r.timestamp ?? 0,
      });
    }
  }
}

/** Runs a stage over its input topics until none has an unread record. */
export class SimStage {
  private readonly next = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly processor: PartitionProcessor,
    private readonly inputs: readonly string[],
    private readonly topics: SimTopics,
  ) {}

  /** Processes one unread record, if any; false when everything is read. */
  async step(): Promise<boolean> {
    for (const topic of this.inputs) {
      const log = this.topics.log(topic);
      for (let p = 0; p < log.length; p++) {
        const at = this.next.get(`${topic}|${p}`) ?? 0;
        const record = log[p]?.[at];
        if (record === undefined) continue;
        this.next.set(`${topic}|${p}`, at + 1);
        const out = await this.processor.processBatch([record], batchContext(this.name, topic, p));
        this.topics.produce(out);
        return true;
      }
    }
    return false;
  }
}

/** Runs every stage until the whole pipeline is idle. */
export async function settle(stages: readonly SimStage[]): Promise<void> {
  for (let rounds = 0; rounds < 100_000; rounds++) {
    let moved = false;
    for (const s of stages) moved = (await s.step()) || moved;
    if (!moved) return;
  }
  throw new Error('pipeline did not settle');
}
