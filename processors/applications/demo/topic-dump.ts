// Reads whole topics (read_committed, start to current end) for the demo's report, decoding
// Avro values with the topic codecs. Phone numbers are shown redacted: the report is read
// by people, and whether a phone is present (and why) is what it demonstrates.
import { redact } from '../../domain/identifiers/redact.js';
import type { KafkaClient } from '../../adapters/kafka/index.js';
import { DLQ_HEADERS, restorePartitions } from '../../adapters/kafka/index.js';
import type { InputRecord } from '../../adapters/kafka/index.js';
import { isContactEntry } from '../../adapters/avro/records/index.js';
import type { TopicCodecs } from '../../adapters/avro/topic-codecs.js';

export async function readTopic(client: KafkaClient, topic: string): Promise<InputRecord[]> {
  const admin = await client.admin();
  let partitions: number[];
  try {
    partitions = (await admin.partitionOffsets(topic)).map((p) => p.partition);
  } finally {
    await admin.disconnect();
  }
  const records: InputRecord[] = [];
  await restorePartitions(client, { topic, partitions, apply: (r) => void records.push(r) });
  return records.sort((a, b) => a.timestamp - b.timestamp);
}

const show = (v: string | null | undefined): string => v ?? '—';
const phone = (v: string | null): string => (v === null ? '—' : redact(v));
const header = (r: InputRecord, name: string): string => {
  const h = r.headers[name];
  const first = Array.isArray(h) ? (h[0] as Buffer | undefined) : (h as Buffer | undefined);
  return first?.toString() ?? '—';
};

export type TopicLines = (records: readonly InputRecord[]) => Promise<string[]>;

export function reportLines(codecs: TopicCodecs): Record<string, TopicLines> {
  return {
    dataStream: async (records) =>
      Promise.all(
        records.map(async (r) => {
          const e = await codecs.dataStream.decode(r.value as Buffer);
          const waid = e.waidSource === 'PHONE' ? phone(e.waid) : show(e.waid);
          return (
            `${e.eventType.padEnd(15)} ${show(e.messageId ?? e.status).padEnd(14)} ` +
            `waid=${waid} (${e.waidSource})  phone=${phone(e.phone)} (${e.phoneSource})  ` +
            `bsuid=${show(e.bsuid)}  user=${show(e.userHandle)}` +
            (e.previousBsuid ? `  previousBsuid=${e.previousBsuid}` : '')
          );
        }),
      ),
    exportLog: async (records) =>
      Promise.all(
        records.map(async (r) => {
          const row = await codecs.exportLog.decode(r.value as Buffer);
          return (
            `${row.direction.padEnd(3)} ${(row.routedVia === null ? '' : row.logId).padEnd(10)} ` +
            `${show(row.messageId).padEnd(14)} ${show(row.status).padEnd(9)} ` +
            `phone=${phone(row.phone)} (${row.phoneSource})  bsuid=${show(row.bsuid)}  ` +
            `routedVia=${show(row.routedVia)}  error=${show(row.errorCode)}`
          );
        }),
      ),
    contactBook: async (records) => {
      const latest = new Map<string, InputRecord>();
      for (const r of records) latest.set(r.key?.toString() ?? '', r);
      const lines = await Promise.all(
        [...latest].map(async ([key, r]) => {
          const value = await codecs.contactBook.decode(r.value);
          if (value === null) return `${key}  (deleted)`;
          if (!isContactEntry(value))
            return `${key}  contact book enabled=${String(value.contactBookEnabled)}`;
          return (
            `${key}  phone=${phone(value.phone)} inContactBook=${String(value.inContactBook)}` +
            (value.supersededBy ? `  supersededBy=${value.supersededBy}` : '') +
            (value.previousBsuids.length
              ? `  previousBsuids=${value.previousBsuids.join(',')}`
              : '')
          );
        }),
      );
      return [`${records.length} writes, ${latest.size} keys; latest value per key:`, ...lines];
    },
    outboundResults: async (records) =>
      Promise.all(
        records.map(async (r) => {
          const out = await codecs.outboundResults.decode(r.value as Buffer);
          const body = out.body as Record<string, unknown>;
          const address =
            typeof body['to'] === 'string'
              ? `to=${phone(body['to'])}`
              : `recipient=${show(body['recipient'] as string)}`;
          return `${out.requestId}  ${address}  type=${show(body['type'] as string)}`;
        }),
      ),
    dlq: (records) =>
      Promise.resolve(
        records.map(
          (r) =>
            `${header(r, DLQ_HEADERS.code)} from ${header(r, DLQ_HEADERS.topic)}@${header(r, DLQ_HEADERS.offset)}: ` +
            `${header(r, DLQ_HEADERS.message).slice(0, 100)}  (original ${r.value?.length ?? 0} bytes kept)`,
        ),
      ),
  };
}
