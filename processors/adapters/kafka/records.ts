// The records a stage sees and emits. These types are ours, not kafkajs's, so the domain and
// the stages never depend on the client library (DESIGN: "a small adapter of our own").
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Header values as read: a repeated header key gives an array, in wire order. */
export type InputHeaders = Readonly<Record<string, Buffer | readonly Buffer[]>>;
export type OutputHeaders = Readonly<
  Record<string, Buffer | string | readonly (Buffer | string)[]>
>;

/** One consumed record. Bytes are kept as received, so a DLQ copy is byte-identical. */
export interface InputRecord {
  readonly topic: string;
  readonly partition: number;
  /** int64 as a decimal string (JS numbers cannot hold every offset). */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: InputHeaders;
  /** Record timestamp, epoch milliseconds. */
  readonly timestamp: number;
}

/** One record to produce inside the batch's transaction. */
export interface OutputRecord {
  readonly topic: string;
  readonly key: Buffer | string | null;
  /** null is a tombstone (deletes the key from a compacted topic). */
  readonly value: Buffer | string | null;
  /**
   * Explicit partition; otherwise the key's murmur2 hash (Java-compatible), so co-partitioned
   * topics with equal partition counts agree. State writes should name the input partition.
   */
  readonly partition?: number;
  readonly headers?: OutputHeaders;
  /** Epoch milliseconds; defaults to the broker/producer time. */
  readonly timestamp?: number;
}

export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}|${tp.partition}`;
}

export function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function nextOffsetAfter(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

function toInputHeaders(headers: IHeaders | undefined): InputHeaders {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const asBuffer = (v: Buffer | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : v);
    out[name] = Array.isArray(value) ? value.map(asBuffer) : asBuffer(value);
  }
  return out;
}

export function toInputRecord(topic: string, partition: number, m: KafkaMessage): InputRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key,
    value: m.value,
    headers: toInputHeaders(m.headers),
    timestamp: Number(m.timestamp),
  };
}

export function toKafkaMessage(r: OutputRecord): Message {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(r.headers ?? {}))
    headers[name] = typeof value === 'string' || Buffer.isBuffer(value) ? value : [...value];
  return {
    key: r.key,
    value: r.value,
    ...(r.partition === undefined ? {} : { partition: r.partition }),
    headers,
    ...(r.timestamp === undefined ? {} : { timestamp: String(r.timestamp) }),
  };
}

/** Groups records by topic, keeping their order: one `sendBatch` entry per topic. */
export function byTopic(
  records: readonly OutputRecord[],
): { topic: string; messages: Message[] }[] {
  const groups = new Map<string, Message[]>();
  for (const r of records) {
    let list = groups.get(r.topic);
    if (list === undefined) groups.set(r.topic, (list = []));
    list.push(toKafkaMessage(r));
  }
  return [...groups].map(([topic, messages]) => ({ topic, messages }));
}
