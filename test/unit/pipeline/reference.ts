// What `wa-identity normalize` (split + in-memory resolve) produces for a sequence of inputs,
// and a comparable view of records from either runner: per topic and key, the values as
// their Avro records (so the comparison is field by field on what the topics carry), and
// the contact book as its final state per key. Shared by the unit equivalence test (broker-
// free stand-in) and the integration test on the real broker.
import { Readable, Writable } from 'node:stream';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import type { DlqValue } from '../../../processors/domain/events/stage.js';
import type { OutboundRecord } from '../../../processors/domain/outbound/body.js';
import type { ExportLogRow } from '../../../processors/domain/identity/export-log.js';
import type { ContactBookValue } from '../../../processors/applications/worker/resolve-kafka-state.js';
import { createResolveStage } from '../../../processors/domain/identity/resolve-stage.js';
import type { Env } from '../../../processors/applications/config.js';
import { runNdjsonPipeline } from '../../../processors/applications/normalize/ndjson-pipeline.js';
import { resolveNormalizeSettings } from '../../../processors/applications/normalize/normalize-options.js';
import { recordMappers } from '../../../processors/adapters/avro/records/index.js';

/** One input record: the bytes on its Kafka topic, and the same input as an NDJSON line. */
export interface PipelineInput {
  topic: 'raw' | 'outboundRequests';
  /** The record value as a producer writes it. */
  value: string;
  /** The normalize CLI's line for the same input. */
  line: string;
  /** Kafka record timestamp = the CLI's receipt time of the line. */
  timestamp: number;
}

/** A record with its domain value (decoded from Avro on the Kafka side). */
export interface DomainRecord {
  topic: 'data-stream' | 'export-log' | 'contact-book' | 'outbound' | 'dlq';
  key: string | null;
  partition: number;
  /** DLQ: the error code. */
  value: NormalizedEvent | ExportLogRow | ContactBookValue | OutboundRecord | string | null;
}

export async function normalizeReference(
  inputs: readonly PipelineInput[],
  env: Env,
): Promise<DomainRecord[]> {
  const settings = resolveNormalizeSettings({}, env);
  const stage = createResolveStage(settings.resolver);
  const out: DomainRecord[] = [];
  for (const input of inputs) {
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    await runNdjsonPipeline(Readable.from([`${input.line}\n`]), sink, {
      split: settings.split,
      stage,
      receivedAt: () => input.timestamp,
    });
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const r = JSON.parse(line) as { topic: DomainRecord['topic']; key: string | null };
      const value = (JSON.parse(line) as { value: unknown }).value;
      out.push({
        topic: r.topic,
        key: r.key,
        partition: 0,
        value:
          r.topic === 'dlq'
            ? (value as DlqValue).error.code
            : (value as Exclude<DomainRecord['value'], string>),
      });
    }
  }
  return out;
}

export interface View {
  dataStream: Record<string, unknown[]>;
  exportLog: Record<string, unknown[]>;
  outbound: Record<string, unknown[]>;
  /** Final value per key; a key whose partitions disagree maps to the string 'CONFLICT'. */
  contactBook: Record<string, unknown>;
  dlqCodes: string[];
}

function push(map: Record<string, unknown[]>, key: string | null, value: unknown): void {
  (map[key ?? ''] ??= []).push(value);
}

const byJson = (a: unknown, b: unknown): number =>
  JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0;

/**
 * Records in offset order per partition (any interleaving of partitions). Each key's values
 * are compared as a multiset: within one delivery, an event forwarded from an alias key
 * reaches its user's partition after the delivery's other events for that user, where the
 * in-memory runner applies the forward at once. Which values a key gets is the contract.
 */
export function viewOf(records: readonly DomainRecord[]): View {
  const view: View = { dataStream: {}, exportLog: {}, outbound: {}, contactBook: {}, dlqCodes: [] };
  const finals = new Map<string, Map<number, unknown>>();
  for (const r of records) {
    if (r.topic === 'data-stream') {
      push(view.dataStream, r.key, recordMappers.dataStream.toAvro(r.value as NormalizedEvent));
    } else if (r.topic === 'export-log') {
      push(view.exportLog, r.key, recordMappers.exportLog.toAvro(r.value as ExportLogRow));
    } else if (r.topic === 'outbound') {
      // The request's portfolio and time are checked apart: the CLI's record has neither.
      const v = r.value as OutboundRecord;
      const { requestId, businessPhoneNumberId } = v;
      push(view.outbound, r.key, {
        requestId,
        businessPhoneNumberId,
        body: JSON.stringify(v.body),
      });
    } else if (r.topic === 'contact-book') {
      const value =
        r.value === null ? null : recordMappers.contactBook.toAvro(r.value as ContactBookValue);
      const byPartition = finals.get(r.key ?? '') ?? new Map<number, unknown>();
      byPartition.set(r.partition, value);
      finals.set(r.key ?? '', byPartition);
    } else {
      view.dlqCodes.push(r.value as string);
    }
  }
  for (const [key, byPartition] of finals) {
    const values = [...byPartition.values()].map((v) => JSON.stringify(v));
    const value = byPartition.values().next().value;
    if (new Set(values).size > 1) view.contactBook[key] = 'CONFLICT';
    else if (value !== null) view.contactBook[key] = value;
  }
  for (const map of [view.dataStream, view.exportLog, view.outbound]) {
    for (const list of Object.values(map)) list.sort(byJson);
  }
  view.dlqCodes.sort();
  return view;
}
