// Poison-pill policy: a record a stage cannot process is copied to the DLQ with its original
// key, value bytes, headers and timestamp, plus error headers, inside the same transaction as
// the batch's outputs; the stage then moves on. Header names follow Kafka Streams' KIP-1034
// idea under our own prefix. Messages are phone-redacted: headers are read by people.
import { toWaiError } from '../../domain/errors.js';
import { redactPhonesInText } from '../logging/logger.js';
import type { InputRecord, OutputRecord } from './records.js';

export const DLQ_HEADERS = {
  code: 'wai.error.code',
  message: 'wai.error.message',
  retriable: 'wai.error.retriable',
  topic: 'wai.error.source.topic',
  partition: 'wai.error.source.partition',
  offset: 'wai.error.source.offset',
  stage: 'wai.error.stage',
  time: 'wai.error.time',
  /** How many items of the record failed (one DLQ record per input record). */
  count: 'wai.error.count',
  /** The first few failed fields and their codes: `field=CODE,…`. */
  fields: 'wai.error.fields',
} as const;

/** The failures of a record, when it had several (see domain/stream/failures.ts). */
export interface DlqFailures {
  count: number;
  listed: readonly { code: string; field: string | null }[];
}

const MAX_MESSAGE = 1000;

export interface DlqOptions {
  stage: string;
  /** The DLQ topic (config.topics.dlq). */
  topic: string;
  /** When the failure was seen, epoch ms; a parameter so the helper stays clock-free. */
  at: number;
}

export function dlqRecord(
  input: InputRecord,
  error: unknown,
  options: DlqOptions,
  failures?: DlqFailures,
): OutputRecord {
  const e = toWaiError(error);
  const message = redactPhonesInText(e.message).slice(0, MAX_MESSAGE);
  const headers: Record<string, Buffer | string | readonly Buffer[]> = { ...input.headers };
  // Ours win over same-named input headers: a record re-sent from the DLQ that fails again
  // must describe its new failure.
  Object.assign(headers, {
    [DLQ_HEADERS.code]: e.code,
    [DLQ_HEADERS.message]: message,
    [DLQ_HEADERS.retriable]: String(e.retriable),
    [DLQ_HEADERS.topic]: input.topic,
    [DLQ_HEADERS.partition]: String(input.partition),
    [DLQ_HEADERS.offset]: input.offset,
    [DLQ_HEADERS.stage]: options.stage,
    [DLQ_HEADERS.time]: new Date(options.at).toISOString(),
    [DLQ_HEADERS.count]: String(failures?.count ?? 1),
    [DLQ_HEADERS.fields]: (failures?.listed ?? [{ code: e.code, field: e.field ?? null }])
      .map((f) => `${f.field ?? '$'}=${f.code}`)
      .join(','),
  });
  return {
    topic: options.topic,
    key: input.key,
    value: input.value,
    headers,
    timestamp: input.timestamp,
  };
}
