// A step's result as Kafka records, all in the input record's transaction:
//   outputs   → data-stream, export-log, outbound results (Avro); DLQ values → DLQ copies
//   changes   → contact-book, on the input's own partition (null value: a tombstone)
//   commands  → identity-events, keyed by the target key (its owner applies them)
//   broadcasts→ identity-events, one record per partition (every owner applies it)
// Commands and broadcasts carry a generation header (input's + 1): a chain of commands
// longer than any real one is stopped instead of circling through the topic forever.
import type { NormalizedEvent } from '../../domain/events/event.js';
import type { ErrorCode } from '../../domain/errors.js';
import { WaiError } from '../../domain/errors.js';
import type { OutboundRecord } from '../../domain/outbound/body.js';
import type { BatchContext, InputRecord, OutputRecord } from '../../adapters/kafka/index.js';
import type { BroadcastCommand, ResolveItem } from '../../domain/identity/commands.js';
import type { ExportLogRow } from '../../domain/identity/export-log.js';
import type { ContactBookValue } from './resolve-kafka-state.js';
import { contactKey, SETTINGS_USER_KEY } from '../../domain/identity/keys.js';
import type { StepResult } from '../../domain/identity/records.js';

export const GENERATION_HEADER = 'wai.generation';

/** The outbound results value: the routed send plus its request's portfolio and time. */
export type OutboundResult = OutboundRecord & { portfolioId: string; requestedAt: number };

export interface ResolveEncoders {
  identityEvents: (value: ResolveItem | BroadcastCommand) => Buffer;
  dataStream: (value: NormalizedEvent) => Buffer;
  exportLog: (value: ExportLogRow) => Buffer;
  outboundResults: (value: OutboundResult) => Buffer;
  /** null (a tombstone) stays null. */
  contactBook: (value: ContactBookValue | null) => Buffer | null;
}

export interface ResolveTopics {
  identityEvents: string;
  dataStream: string;
  exportLog: string;
  contactBook: string;
  outboundResults: string;
}

export interface OutputContext {
  topics: ResolveTopics;
  encode: ResolveEncoders;
  identityPartitions: number;
  /** The record being processed and its item (outbound results need the request). */
  record: InputRecord;
  item: ResolveItem | BroadcastCommand;
  generation: number;
  batch: BatchContext;
}

export function generationOf(record: InputRecord): number {
  const raw = record.headers[GENERATION_HEADER];
  const value = raw === undefined ? undefined : Buffer.isBuffer(raw) ? raw : raw[0];
  const n = value === undefined ? 0 : Number(value.toString());
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function outboundResult(value: OutboundRecord, item: OutputContext['item']): OutboundResult {
  if (item.type !== 'outbound') {
    throw new WaiError('WAI_INTERNAL', `an outbound record came from a ${item.type} item`);
  }
  const { portfolioId, requestedAt } = item.request;
  return { ...value, portfolioId, requestedAt };
}

export function toKafkaRecords(result: StepResult, o: OutputContext): OutputRecord[] {
  const { topics, encode, record } = o;
  const timestamp = record.timestamp;
  const out: OutputRecord[] = [];
  for (const output of result.outputs) {
    const { key } = output;
    switch (output.topic) {
      case 'data-stream':
        out.push({
          topic: topics.dataStream,
          key,
          value: encode.dataStream(output.value),
          timestamp,
        });
        break;
      case 'export-log':
        out.push({
          topic: topics.exportLog,
          key,
          value: encode.exportLog(output.value),
          timestamp,
        });
        break;
      case 'outbound': {
        const value = encode.outboundResults(outboundResult(output.value, o.item));
        out.push({ topic: topics.outboundResults, key, value, timestamp });
        break;
      }
      case 'contact-book':
        // State goes through `changes` only: one path, so state and topic cannot disagree.
        throw new WaiError('WAI_INTERNAL', 'a step emitted a contact-book output');
      case 'dlq': {
        const { code, message, field } = output.value.error;
        const error = new WaiError(code as ErrorCode, message, { field: field ?? undefined });
        out.push(o.batch.dlq(record, error));
        break;
      }
    }
  }
  for (const change of result.changes) {
    const value =
      change.kind === 'upsert' ? change.entry : change.kind === 'settings' ? change.settings : null;
    out.push({
      topic: topics.contactBook,
      key: change.key,
      value: encode.contactBook(value),
      partition: record.partition,
      timestamp,
    });
  }
  const headers = { [GENERATION_HEADER]: String(o.generation + 1) };
  for (const command of result.commands) {
    const value = encode.identityEvents(command.item);
    out.push({ topic: topics.identityEvents, key: command.key, value, headers, timestamp });
  }
  for (const broadcast of result.broadcasts) {
    const key = contactKey(broadcast.portfolioId, SETTINGS_USER_KEY);
    const value = encode.identityEvents(broadcast);
    for (let partition = 0; partition < o.identityPartitions; partition++) {
      out.push({ topic: topics.identityEvents, key, value, partition, headers, timestamp });
    }
  }
  return out;
}
