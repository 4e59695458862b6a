// What an export file must hold, from the topic itself, and every export file read back with
// an independent reader (csv-parse, JSON.parse, hyparquet), all as rows of text cells (times
// ISO-8601, empty as null) so the formats compare alike.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { createRegistryClient } from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';
import { RequestJoin } from '../../../processors/applications/export/join-requests.js';
import type { InputRecord } from '../../../processors/adapters/kafka/index.js';
import type { PipelineDeployment } from '../pipeline/harness.js';
import { readTopic } from '../pipeline/harness.js';

export type TextRow = Record<string, string | null>;

const TIME_COLUMNS = new Set(['loggedAt', 'recordTime']);

function cell(name: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  if (TIME_COLUMNS.has(name) && typeof value === 'number') return new Date(value).toISOString();
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function textRow(row: Record<string, unknown>): TextRow {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cell(k, v)]));
}

/** Sorted, so files and topic compare as multisets (partitions interleave in a file). */
export function sorted(rows: readonly TextRow[]): TextRow[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export async function exportLogRecords(d: PipelineDeployment): Promise<InputRecord[]> {
  return readTopic(d, d.config.topics.exportLog);
}

/**
 * The export log's rows whose record time is in [from, to), an outbound message's rows joined
 * into one as the export joins them (join-requests.ts, unit-tested on its own).
 */
export async function topicRows(
  d: PipelineDeployment,
  records: readonly InputRecord[],
  from: number,
  to: number,
): Promise<TextRow[]> {
  const codecs = await createTopicCodecs(
    createRegistryClient(d.config.registryUrl ?? ''),
    d.config,
  );
  const rows: TextRow[] = [];
  const join = new RequestJoin();
  for (const r of records) {
    if (r.timestamp < from || r.timestamp >= to || r.value === null) continue;
    const now = join.add({ row: await codecs.exportLog.decode(r.value), recordTime: r.timestamp });
    if (now !== null) rows.push(textRow({ ...now.row, recordTime: now.recordTime }));
  }
  for (const j of join.joined()) rows.push(textRow({ ...j.row, recordTime: j.recordTime }));
  return sorted(rows);
}

export async function fileRows(path: string): Promise<TextRow[]> {
  if (path.endsWith('.csv')) {
    const records = parse<Record<string, string>>(readFileSync(path), { columns: true });
    return sorted(records.map(textRow));
  }
  if (path.endsWith('.jsonl')) {
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    return sorted(lines.map((l) => textRow(JSON.parse(l) as Record<string, unknown>)));
  }
  const { parquetReadObjects } = await import('hyparquet');
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const records = await parquetReadObjects({ file });
  return sorted(records.map((r) => textRow(r)));
}
