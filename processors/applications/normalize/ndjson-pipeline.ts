// NDJSON in → split → EventStage → NDJSON out, one input line at a time (readline), so
// memory stays constant whatever the input size. A line that cannot be read becomes a DLQ
// record and the next line is processed; only a failing input stream stops the run.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { toWaiError } from '../../domain/errors.js';
import type { WaiError } from '../../domain/errors.js';
import type { DlqValue, EventStage, OutputRecord } from '../../domain/events/stage.js';
import { decodeDelivery } from '../../domain/webhooks/decode.js';
import type { SplitContext } from '../../domain/webhooks/split.js';
import { splitDelivery } from '../../domain/webhooks/split.js';

export interface PipelineOptions {
  split: Omit<SplitContext, 'receivedAt'>;
  stage: EventStage;
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

export function dlqRecord(original: string, err: WaiError): OutputRecord {
  const value: DlqValue = {
    original,
    error: { code: err.code, message: err.message, field: err.field ?? null },
  };
  return { topic: 'dlq', key: null, value };
}

async function processLine(
  line: string,
  opts: PipelineOptions,
  stats: PipelineStats,
): Promise<OutputRecord[]> {
  const out: OutputRecord[] = [];
  let raw: unknown;
  try {
    raw = decodeDelivery(line);
  } catch (err) {
    return [dlqRecord(line, toWaiError(err))];
  }
  if (opts.stage.processControl) {
    try {
      const control = opts.stage.processControl(raw, opts.receivedAt());
      if (control !== null) return [...control];
    } catch (err) {
      return [dlqRecord(line, toWaiError(err))];
    }
  }
  const result = splitDelivery(raw, { ...opts.split, receivedAt: opts.receivedAt() });
  for (const failure of result.failures) out.push(dlqRecord(line, failure));
  for (const id of result.unmappedPortfolios) {
    stats.unmappedPortfolios.set(id, (stats.unmappedPortfolios.get(id) ?? 0) + 1);
  }
  for (const keyed of result.events) {
    stats.events += 1;
    try {
      out.push(...(await opts.stage.process(keyed)));
    } catch (err) {
      // No retry here (a CLI run is one pass): the event is kept, in the DLQ, with why.
      out.push(dlqRecord(line, toWaiError(err)));
    }
  }
  return out;
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
  const iterate = async () => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      stats.lines += 1;
      await emit(output, await processLine(line, opts, stats), stats);
    }
  };
  await Promise.race([iterate(), failed]);
  if (opts.stage.close) await emit(output, await opts.stage.close(), stats);
  return stats;
}
