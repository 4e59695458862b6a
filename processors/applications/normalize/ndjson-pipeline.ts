// `wa-identity normalize` as a stream: NDJSON lines in (each line one input-log record value),
// output records as NDJSON out, one line at a time, so memory stays constant beyond the state.
// Lines are read as bytes and split on `\n` only (a bare CR is JSON whitespace inside a line);
// a line longer than the record limit is not held whole. Each line is routed as a writer of
// the input log routes it (`inputKeys`: one copy per portfolio), then processed as the
// portfolio's Kafka worker processes it (`processInput`), so this run is the reference the
// Kafka outputs are compared with. A line that cannot be (fully) processed gives one DLQ
// record per copy, holding the line's exact bytes and every failure summed up; the next line
// is processed. Only a failing input stream stops the run.
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { WaiError } from '../../domain/errors.js';
import type { MemoryResolver } from '../../domain/identity/memory-resolver.js';
import type { OutputRecord } from '../../domain/identity/records.js';
import { recordFailures, type FailureItem } from '../../domain/stream/failures.js';
import { inputKeys, readInput, type RoutingSettings } from '../../domain/stream/input-log.js';
import { DEFAULT_LIMITS, limitExceeded } from '../../domain/stream/limits.js';
import { processInput } from '../../domain/stream/process-input.js';
import { byteLines, isBlank, type ByteLine } from '../input-log/byte-lines.js';

export interface PipelineOptions {
  routing: RoutingSettings;
  /** The state across lines; null: split only (`--stateless`), every event as it is. */
  resolver: MemoryResolver | null;
  /** Receipt time of a line: the event-time fallback for payloads without one (Twilio). */
  receivedAt: () => number;
}

export interface PipelineStats {
  /** Records read: every non-blank line. */
  lines: number;
  /** Blank lines, skipped. */
  blank: number;
  /** Deliveries that held no item at all (an envelope with empty `entry`, say). */
  empty: number;
  events: number;
  records: number;
  dlq: number;
  /** Events per unmapped fallback portfolio (`waba:<id>`). */
  unmappedPortfolios: Map<string, number>;
}

/** The CLI's DLQ value: the exact line, and what went wrong with it. */
export type CliDlqValue = ({ original: string } | { originalBase64: string }) & {
  /** The line was longer than the record limit: only its first bytes are kept. */
  truncated?: { bytes: number };
  error: { code: string; message: string; field: string | null };
  count: number;
  failures: FailureItem[];
};

type CliRecord =
  | Exclude<OutputRecord, { topic: 'dlq' }>
  | { topic: 'dlq'; key: string | null; value: CliDlqValue };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/** The line as text when its bytes are UTF-8, else null. */
function utf8Text(bytes: Buffer): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function dlq(key: string | null, line: ByteLine, failures: readonly WaiError[]): CliRecord[] {
  const summary = recordFailures(failures);
  if (summary === null) return [];
  const text = utf8Text(line.bytes);
  const { error } = summary;
  return [
    {
      topic: 'dlq',
      key,
      value: {
        ...(text === null ? { originalBase64: line.bytes.toString('base64') } : { original: text }),
        ...(line.truncated ? { truncated: { bytes: line.length } } : {}),
        error: { code: error.code, message: error.message, field: error.field ?? null },
        count: summary.count,
        failures: summary.listed,
      },
    },
  ];
}

function countUnmapped(stats: PipelineStats, portfolios: readonly string[]): void {
  for (const id of portfolios) {
    stats.unmappedPortfolios.set(id, (stats.unmappedPortfolios.get(id) ?? 0) + 1);
  }
}

function processLine(line: ByteLine, opts: PipelineOptions, stats: PipelineStats): CliRecord[] {
  const limits = opts.routing.limits ?? DEFAULT_LIMITS;
  if (line.truncated) {
    const error = limitExceeded(
      'record of',
      `${line.length} bytes`,
      limits.maxRecordBytes,
      'WAI_MAX_RECORD_BYTES',
    );
    return dlq(null, line, [error]);
  }
  const text = lenientUtf8.decode(line.bytes);
  const timestamp = opts.receivedAt();
  const input = readInput(text, timestamp, opts.routing);
  if (input.kind === 'delivery' && input.split.events.length + input.split.failures.length === 0)
    stats.empty += 1;
  if (opts.resolver === null) return splitOnly(line, input, stats);
  const out: CliRecord[] = [];
  for (const key of inputKeys(input)) {
    const result = processInput(opts.resolver, { key, text, timestamp }, opts.routing, input);
    opts.resolver.state.commit();
    stats.events += result.events;
    countUnmapped(stats, result.unmappedPortfolios);
    out.push(...dlq(key, line, result.failures), ...result.outputs);
  }
  return out;
}

/** `--stateless`: the split alone, every event as it was read. */
function splitOnly(
  line: ByteLine,
  input: ReturnType<typeof readInput>,
  stats: PipelineStats,
): CliRecord[] {
  if (input.kind === 'unreadable') return dlq(null, line, [input.error]);
  if (input.kind !== 'delivery') return [];
  const { split } = input;
  countUnmapped(stats, split.unmappedPortfolios);
  stats.events += split.events.length;
  return [
    ...dlq(null, line, split.failures),
    ...split.events.map(({ key, event }): CliRecord => ({
      topic: 'data-stream',
      key,
      value: event,
    })),
  ];
}

async function emit(
  output: Writable,
  records: readonly CliRecord[],
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
    blank: 0,
    empty: 0,
    events: 0,
    records: 0,
    dlq: 0,
    unmappedPortfolios: new Map(),
  };
  const maxLineBytes = (opts.routing.limits ?? DEFAULT_LIMITS).maxRecordBytes;
  for await (const line of byteLines(input, { maxLineBytes })) {
    if (!line.truncated && isBlank(line.bytes)) {
      stats.blank += 1;
      continue;
    }
    stats.lines += 1;
    await emit(output, processLine(line, opts, stats), stats);
  }
  return stats;
}
