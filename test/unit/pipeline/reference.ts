// What `wa-identity normalize` produces for a sequence of inputs, and a comparable view of
// records from either runner: per topic and key, the sequence of values as their Avro records
// (so the comparison is field by field on what the topics carry, in order per key). Shared by
// the unit equivalence test (broker-free stand-in) and the integration tests on a real broker.
import { Readable, Writable } from 'node:stream';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import type { DlqValue } from '../../../processors/domain/events/stage.js';
import type { OutboundRecord } from '../../../processors/domain/outbound/body.js';
import type { ExportLogRow } from '../../../processors/domain/identity/export-log.js';
import type { ContactBookValue } from '../../../processors/domain/identity/contact-book-state.js';
import { createMemoryResolver } from '../../../processors/domain/identity/memory-resolver.js';
import { loadConfig, type Env } from '../../../processors/applications/config.js';
import { runNdjsonPipeline } from '../../../processors/applications/normalize/ndjson-pipeline.js';
import { resolveNormalizeSettings } from '../../../processors/applications/normalize/normalize-options.js';
import { recordMappers } from '../../../processors/adapters/avro/records/index.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import {
  processInput,
  type ResultRecord,
} from '../../../processors/domain/stream/process-input.js';

/** One input: the bytes of its input-log record, and the same input as an NDJSON line. */
export interface PipelineInput {
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
  /** DLQ: the error code. */
  value: NormalizedEvent | ExportLogRow | ContactBookValue | OutboundRecord | string | null;
}

export async function normalizeReference(
  inputs: readonly PipelineInput[],
  env: Env,
): Promise<DomainRecord[]> {
  const settings = resolveNormalizeSettings({}, env);
  const resolver = createMemoryResolver(settings.resolver);
  const routing = { split: settings.split, portfolioOf: settings.resolver.portfolioOf };
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
      routing,
      resolver,
      receivedAt: () => input.timestamp,
    });
    for (const line of text.split('\n').filter((l) => l !== '')) {
      const r = JSON.parse(line) as {
        topic: DomainRecord['topic'];
        key: string | null;
        value: unknown;
      };
      out.push({
        topic: r.topic,
        key: r.key,
        value:
          r.topic === 'dlq'
            ? (r.value as DlqValue).error.code
            : (r.value as Exclude<DomainRecord['value'], string>),
      });
    }
  }
  return out;
}

/** Per topic, per key: the values in the order they were written. */
export type View = Record<DomainRecord['topic'], Record<string, unknown[]>>;

/**
 * Records in offset order per partition, any interleaving of partitions: one key's records
 * are on one partition, so each key's sequence is the contract, and it is compared whole.
 */
export function viewOf(records: readonly DomainRecord[], compacted = false): View {
  const view: View = {
    'data-stream': {},
    'export-log': {},
    outbound: {},
    'contact-book': {},
    dlq: {},
  };
  const book = new Map<string, unknown[]>();
  for (const r of records) {
    const key = r.key ?? '';
    if (r.topic !== 'contact-book' || !compacted) (view[r.topic][key] ??= []).push(avroView(r));
    else if (r.value === null) book.delete(key);
    else book.set(key, [avroView(r)]);
  }
  if (compacted) view['contact-book'] = Object.fromEntries(book);
  return view;
}

function avroView(r: DomainRecord): unknown {
  switch (r.topic) {
    case 'data-stream':
      return recordMappers.dataStream.toAvro(r.value as NormalizedEvent);
    case 'export-log':
      return recordMappers.exportLog.toAvro(r.value as ExportLogRow);
    case 'outbound':
      return recordMappers.outboundResults.toAvro(r.value as OutboundRecord);
    case 'contact-book':
      return r.value === null
        ? null
        : recordMappers.contactBook.toAvro(r.value as ContactBookValue);
    case 'dlq':
      return r.value;
  }
}

/** How many records a view holds on a topic. */
export function count(view: View, topic: DomainRecord['topic']): number {
  return Object.values(view[topic]).reduce((n, list) => n + list.length, 0);
}

/**
 * What the worker makes of each input of portfolio `acme`, one record at a time, each one's
 * state committed before the next (record timestamps `start`, `start` + 1, …): the outputs
 * per input. An input that fails throws: these inputs are meant to be processed.
 */
export function processLines(env: Env, lines: readonly string[], start: number): ResultRecord[][] {
  const domain = domainSettings(loadConfig(env));
  const resolver = createMemoryResolver(domain.resolver);
  return lines.map((text, i) => {
    const out = processInput(resolver, { key: 'acme', text, timestamp: start + i }, domain.routing);
    resolver.state.commit();
    if (out.failures.length > 0)
      throw new Error(`input ${i} failed: ${JSON.stringify(out.failures, null, 1)}`);
    return out.outputs;
  });
}
