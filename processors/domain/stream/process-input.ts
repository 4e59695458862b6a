// One input-log record through the whole product, as its portfolio's owner sees it:
//   read (unwrap provider, validate, one event per item)  → failures: DLQ copies of the record
//   resolve each event / the request / the command, in order, on the portfolio's state
// The same function runs in `wa-identity normalize` (every portfolio in one state) and in the
// Kafka worker (the state of the partitions it owns), so both give the same records.
// Each event is resolved all or nothing: a rule that throws (a bug) undoes that event's
// changes, and the record is kept in the DLQ with why. The record's changes stay open for
// undo: the caller ends them with `resolver.state.commit()`, or `rollback()` when its own part
// fails (an output that cannot be encoded).
import type { NormalizedEvent } from '../events/event.js';
import { WaiError, toWaiError, type ErrorCode } from '../errors.js';
import type { MemoryResolver } from '../identity/memory-resolver.js';
import type { CommandRecord } from '../identity/commands.js';
import type { OutputRecord } from '../identity/records.js';
import { eventKey, outboundKey } from '../identity/step.js';
import { finalizeEvent } from '../events/finalize.js';
import { sendResultDraft, type SendResult } from '../outbound/send-result.js';
import { problemMessage, type Problem } from '../input/problems.js';
import { misrouted, readInput, type ReadInput, type RoutingSettings } from './input-log.js';

/** One input-log record: its key (the portfolio), its value as text, its timestamp. */
export interface LogRecord {
  key: string;
  text: string;
  timestamp: number;
}

export type ResultRecord = Exclude<OutputRecord, { topic: 'dlq' }>;

export interface ProcessedInput {
  /** data-stream, export-log, contact-book and outbound records, in the order made. */
  outputs: ResultRecord[];
  /** What could not be processed, each one a DLQ copy of the record. */
  failures: WaiError[];
  /** Events resolved. */
  events: number;
  /** One entry per event in an unmapped fallback portfolio (`waba:<id>`). */
  unmappedPortfolios: string[];
  /** A delivery that held no item at all (an envelope with an empty `entry`, say). */
  empty: boolean;
}

export function processInput(
  resolver: MemoryResolver,
  record: LogRecord,
  settings: RoutingSettings,
  /** The record already read (a writer that routed it), to spare a second parse. */
  read?: ReadInput,
): ProcessedInput {
  const out: ProcessedInput = {
    outputs: [],
    failures: [],
    events: 0,
    unmappedPortfolios: [],
    empty: false,
  };
  resolver.state.begin();
  const input = read ?? readInput(record.text, record.timestamp, settings);
  const wrongKey = misrouted(input, record.key);
  if (wrongKey !== null) {
    out.failures.push(wrongKey);
    return out;
  }
  switch (input.kind) {
    case 'unreadable':
      out.failures.push(input.error);
      return out;
    case 'outbound': {
      if (!input.parse.ok) out.failures.push(rejection(input.parse.code, input.parse.problems));
      else {
        const { request } = input.parse;
        const first = {
          key: outboundKey(request, resolver.config),
          item: { type: 'outbound', request, hops: 0 },
        } as const;
        resolveOne(resolver, first, out);
      }
      return out;
    }
    case 'admin':
      if (!input.parse.ok) out.failures.push(rejection(input.parse.code, input.parse.problems));
      else resolveOne(resolver, input.parse.record, out);
      return out;
    case 'sendResult':
      if (!input.parse.ok) out.failures.push(rejection(input.parse.code, input.parse.problems));
      else resolveSendResult(resolver, input.parse.result, out);
      return out;
    case 'delivery': {
      out.empty = input.split.events.length + input.split.failures.length === 0;
      const home = input.portfolios[0];
      // A delivery of several portfolios has one copy per portfolio: the first reports the
      // items that could not be read, each copy resolves its own portfolio's events.
      if (home === undefined || home === record.key) out.failures.push(...input.split.failures);
      for (const { event } of input.split.events) {
        if (event.portfolioId !== record.key) continue;
        out.events += 1;
        resolveOne(resolver, eventCommand(resolver, event), out);
      }
      out.unmappedPortfolios.push(
        ...input.split.unmappedPortfolios.filter((p) => p === record.key),
      );
      return out;
    }
  }
}

/**
 * A send result as the STATUS event it stands for (Meta's provider, the request's
 * portfolio); its export-log row is logged under the request id, next to the request's.
 */
function resolveSendResult(resolver: MemoryResolver, result: SendResult, out: ProcessedInput) {
  const event = finalizeEvent({
    draft: sendResultDraft(result),
    provider: 'meta',
    portfolioId: result.portfolioId,
    occurredAt: result.at,
  });
  const from = out.outputs.length;
  out.events += 1;
  resolveOne(resolver, eventCommand(resolver, event), out);
  for (let i = from; i < out.outputs.length; i++) {
    const r = out.outputs[i];
    if (r?.topic === 'export-log' && r.value.logId === event.eventId) {
      out.outputs[i] = {
        ...r,
        value: { ...r.value, logId: result.requestId, routedVia: result.routedVia },
      };
    }
  }
}

function eventCommand(resolver: MemoryResolver, event: NormalizedEvent): CommandRecord {
  return { key: eventKey(event, resolver.config), item: { type: 'event', event, hops: 0 } };
}

function resolveOne(resolver: MemoryResolver, first: CommandRecord, out: ProcessedInput): void {
  const { state } = resolver;
  const point = state.savepoint();
  let records: OutputRecord[];
  try {
    records = resolver.run(first);
  } catch (err) {
    state.rollbackTo(point);
    const error = toWaiError(err);
    // Retriable (state that could not be read just now): the caller retries the record whole.
    if (error.retriable) throw error;
    out.failures.push(error);
    return;
  }
  for (const r of records) {
    if (r.topic !== 'dlq') out.outputs.push(r);
    else {
      const { code, message, field } = r.value.error;
      out.failures.push(new WaiError(code as ErrorCode, message, field === null ? {} : { field }));
    }
  }
}

function rejection(code: ErrorCode, problems: readonly Problem[]): WaiError {
  const [first] = problems;
  return new WaiError(
    code,
    problemMessage(problems),
    first === undefined ? {} : { field: first.field },
  );
}
