// One record as `wa-identity read` prints it: where it is, its time, key and headers, and its
// value decoded (Avro through the writer's schema) or, for raw topics (input log, DLQ), its
// bytes as text when they are UTF-8, else base64. Phones redacted unless asked otherwise.
import type { InputRecord } from '../../adapters/kafka/index.js';
import type { WriterDecoder } from '../../adapters/avro/writer-decoder.js';
import { toWaiError } from '../../domain/errors.js';
import { redactAvroValue, redactText } from './redact-value.js';

export type Bytes = string | { base64: string };

export interface RecordView {
  topic: string;
  partition: number;
  offset: string;
  /** Record time, ISO-8601. */
  timestamp: string;
  key: Bytes | null;
  headers: Record<string, Bytes | Bytes[]>;
  schemaId?: number;
  /** Decoded Avro (null: a tombstone); or the raw bytes. */
  value: unknown;
  /** Why an Avro value could not be decoded (its bytes are then in `value`). */
  error?: string;
}

export interface ViewOptions {
  /** Avro topics: the decoder; raw topics: null. */
  decoder: WriterDecoder | null;
  showPhones: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function bytes(buffer: Buffer, showPhones: boolean): Bytes {
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    return { base64: buffer.toString('base64') };
  }
  return showPhones ? text : redactText(text);
}

export async function viewRecord(record: InputRecord, options: ViewOptions): Promise<RecordView> {
  const { decoder, showPhones } = options;
  const headers: Record<string, Bytes | Bytes[]> = {};
  for (const [name, v] of Object.entries(record.headers)) {
    headers[name] = Buffer.isBuffer(v)
      ? bytes(v, showPhones)
      : (v as readonly Buffer[]).map((b) => bytes(b, showPhones));
  }
  const view: RecordView = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: new Date(record.timestamp).toISOString(),
    key: record.key === null ? null : bytes(record.key, showPhones),
    headers,
    value: record.value === null ? null : bytes(record.value, showPhones),
  };
  if (decoder === null || record.value === null) return view;
  try {
    const decoded = await decoder.decode(record.value);
    view.schemaId = decoded.schemaId;
    view.value = showPhones ? decoded.value : redactAvroValue(decoded.value);
  } catch (err) {
    view.error = toWaiError(err).message;
    view.value = { base64: record.value.toString('base64') };
  }
  return view;
}

const MAX_TABLE_TEXT = 160;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** One line for people: position, time, key, then the value's set fields (or its text). */
export function tableLine(view: RecordView): string {
  const head = `${view.partition}@${view.offset}  ${view.timestamp}  ${cellText(view.key)}`;
  const headerText = Object.entries(view.headers)
    .map(([name, v]) => `${name}=${cellText(v)}`)
    .join(' ');
  let body: string;
  if (view.error !== undefined) body = `(undecodable: ${view.error})`;
  else if (view.value === null) body = '(tombstone)';
  else if (typeof view.value === 'object' && !('base64' in view.value)) {
    body = Object.entries(view.value as Record<string, unknown>)
      .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => `${k}=${cellText(v)}`)
      .join(' ');
  } else {
    const text = cellText(view.value).replace(/\s+/g, ' ');
    body = text.length > MAX_TABLE_TEXT ? `${text.slice(0, MAX_TABLE_TEXT)}…` : text;
  }
  return [head, headerText === '' ? null : `[${headerText}]`, body]
    .filter((x) => x !== null)
    .join('  ');
}
