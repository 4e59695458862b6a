// `wa-identity normalize` as a stream: NDJSON lines in (each line one input-log record value),
// output records as NDJSON out, one line at a time (readline), so memory stays constant beyond
// the state. Each line is routed as a writer of the input log routes it (`inputKeys`: one
// copy per portfolio), then processed as the portfolio's Kafka worker processes it
// (`processInput`), so this run is the reference the Kafka outputs are compared with. A line
// that cannot be read becomes a DLQ record and the next line is processed; only a failing
// input stream stops the run.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { WaiError } from '../../domain/errors.js';
import type { DlqValue } from '../../domain/events/stage.js';
import type { MemoryResolver } from '../../domain/identity/memory-resolver.js';
import type { OutputRecord } from '../../domain/identity/records.js';
import { inputKeys, readInput, type RoutingSettings } from '../../domain/stream/input-log.js';
import { processInput } from '../../domain/stream/process-input.js';
import { splitDelivery } from '../../domain/webhooks/split.js';
import { decodeDelivery } from '../../domain/webhooks/decode.js';
import { toWaiError } from '../../domain/errors.js';

export interface PipelineOptions {
  routing: RoutingSettings;
  /** The state across lines; null: split only (`--stateless`), every event as it is. */
  resolver: MemoryResolver | null;
  /** Receipt time of a line: the event-time fallback for payloads without one (Twilio). */
  receivedAt: () => number;
}

export interface PipelineStats {
  lines: number;
  events: number;
  records: number;
  dlq: number;
  /** Events per unmapped fallback portfolio (`waba:<id>`). */
  unmappedPortfolios: Map<string, number>;
}

export function dlqRecord(key: string | null, original: string, err: WaiError): OutputRecord {
  const value: DlqValue = {
    original,
    error: { code: err.code, message: err.message, field: err.field ?? null },
  };
  return { topic: 'dlq', key, value };
}

function countUnmapped(stats: PipelineStats, portfolios: readonly string[]): void {
  for (const id of portfolios) {
    stats.unmappedPortfolios.set(id, (stats.unmappedPortfolios.get(id) ?? 0) + 1);
  }
}

function resolveLine(
  line: string,
  resolver: MemoryResolver,
  opts: PipelineOptions,
  stats: PipelineStats,
): OutputRecord[] {
  const timestamp = opts.receivedAt();
  const input = readInput(line, timestamp, opts.routing);
  const out: OutputRecord[] = [];
  for (const key of inputKeys(input)) {
    const result = processInput(resolver, { key, text: line, timestamp }, opts.routing, input);
    resolver.state.commit();
    stats.events += result.events;
    countUnmapped(stats, result.unmappedPortfolios);
    for (const failure of result.failures) out.push(dlqRecord(key, line, failure));
    out.push(...result.outputs);
  }
  return out;
}

function splitLine(line: string, opts: PipelineOptions, stats: PipelineStats): OutputRecord[] {
  let raw: unknown;
  try {
    raw = decodeDelivery(line);
  } catch (err) {
    return [dlqRecord(null, line, toWaiError(err))];
  }
  const result = splitDelivery(raw, { ...opts.routing.split, receivedAt: opts.receivedAt() });
  countUnmapped(stats, result.unmappedPortfolios);
  stats.events += result.events.length;
  return [
    ...result.failures.map((f) => dlqRecord(null, line, f)),
    ...result.events.map(({ key, event }): OutputRecord => ({
      topic: 'data-stream',
      key,
      value: event,
    })),
  ];
}

async function emit(
  output: Writable,
  records: readonly OutputRecord[],
  stats: PipelineStats,
): Promise<void> {
  if (records.length === 0) return;
  stats.records += records.length;
  stats.dlq += records.filter((r) => r.topic === 'dlq').length;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  if (!output.write(text)) await once(output, 'drain');
}

export async function runNdjsonPipeline(
  input: Readable,
  output: Writable,
  opts: PipelineOptions,
): Promise<PipelineStats> {
  const stats: PipelineStats = {
    lines: 0,
    events: 0,
    records: 0,
    dlq: 0,
    unmappedPortfolios: new Map(),
  };
  const lines = createInterface({ input, crlfDelay: Infinity });
  // readline does not surface input errors to the iterator by itself.
  const failed = new Promise<never>((_, reject) => input.once('error', reject));
  failed.catch(() => undefined);
  const { resolver } = opts;
  const iterate = async () => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      stats.lines += 1;
      const records =
        resolver === null ? splitLine(line, opts, stats) : resolveLine(line, resolver, opts, stats);
      await emit(output, records, stats);
    }
  };
  await Promise.race([iterate(), failed]);
  return stats;
}
