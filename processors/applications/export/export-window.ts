// One window's export: every export-log record whose record time is in [start, end), read
// committed, written to one file whole or not at all. The read starts per partition at the
// first record at or after `start` (all earlier ones are older) and ends at the committed end
// taken when it starts (record times need not grow along a partition, so a record of the
// window may sit anywhere after that first one). Records of other windows are skipped, and
// in scheduled mode, those of windows already written are reported as late (see schedule.ts).
import type { KafkaClient } from '../../adapters/kafka/index.js';
import { offsetsForTime, readRange } from '../../adapters/kafka/index.js';
import type { WriterDecoder } from '../../adapters/avro/writer-decoder.js';
import { recordMappers } from '../../adapters/avro/records/index.js';
import type { FileFormat } from '../../adapters/files/index.js';
import { writeFileAtomically } from '../../adapters/files/index.js';
import { WaiError } from '../../domain/errors.js';
import type { ExportLogRowV2 } from '../../../schemas/whatsapp.export-log-value/v2.js';
import type { Progress } from '../cli/progress.js';
import { EXPORT_COLUMNS, exportRow } from './columns.js';
import { RequestJoin } from './join-requests.js';
import type { Window } from './windows.js';

export interface LateRecord {
  partition: number;
  offset: string;
  timestamp: number;
}

export interface PreviousRead {
  /** Where the previous window's read ended, per partition: records from there are new. */
  endOffsets: ReadonlyMap<number, string>;
  /** A new record older than this window: the label of the written window it belongs to, or null. */
  writtenWindowOf(timestamp: number): string | null;
  onLate(record: LateRecord, label: string): void;
}

export interface WindowExport {
  client: KafkaClient;
  /** Resolves every writer into the export-log schema the columns come from. */
  decoder: WriterDecoder;
  topic: string;
  window: Window;
  format: FileFormat;
  path: string;
  previous?: PreviousRead | undefined;
  /** Names the window in progress lines. */
  label: string;
  progress: (label: string, total: number) => Progress;
  /** After the rows are on disk, before the file appears (the manifest of scheduled mode). */
  beforeRename?: (result: WindowResult) => Promise<void>;
}

export interface WindowResult {
  rows: number;
  /** Records read (of this window and others). */
  read: number;
  /** The committed end read up to, per partition. */
  endOffsets: Map<number, string>;
  late: number;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

async function plan(
  job: WindowExport,
): Promise<{ from: Map<number, string>; to: Map<number, string>; span: bigint }> {
  const admin = await job.client.admin();
  let offsets;
  try {
    offsets = await admin.partitionOffsets(job.topic);
  } finally {
    await admin.disconnect();
  }
  const atStart = await offsetsForTime(job.client, job.topic, job.window.start);
  const from = new Map<number, string>();
  const to = new Map<number, string>();
  let span = 0n;
  for (const { partition, low, high } of offsets) {
    let start = BigInt(atStart.get(partition) ?? low);
    const prev = job.previous?.endOffsets.get(partition);
    if (prev !== undefined) start = min(start, BigInt(prev));
    start = max(start, BigInt(low));
    from.set(partition, start.toString());
    to.set(partition, high);
    span += max(0n, BigInt(high) - start);
  }
  return { from, to, span };
}

export async function exportWindow(job: WindowExport): Promise<WindowResult> {
  const { from, to, span } = await plan(job);
  const result: WindowResult = { rows: 0, read: 0, endOffsets: to, late: 0 };
  const progress = job.progress(job.label, Number(span));
  try {
    await write(job, { from, to }, result, progress);
  } catch (err) {
    progress.done(`${job.label}: failed after ${result.read} records read; no file written`);
    throw err;
  }
  progress.done(
    `${job.label}: ${result.rows} rows (of ${result.read} records read) written to ${job.path}`,
  );
  return result;
}

async function write(
  job: WindowExport,
  range: { from: Map<number, string>; to: Map<number, string> },
  result: WindowResult,
  progress: Progress,
): Promise<void> {
  const { window, previous } = job;
  const { from, to } = range;
  await writeFileAtomically({
    format: job.format,
    path: job.path,
    columns: EXPORT_COLUMNS,
    fill: async (sink) => {
      // An outbound message's rows become one, written once the window is read.
      const join = new RequestJoin();
      await readRange(job.client, {
        topic: job.topic,
        from,
        to,
        apply: async (record) => {
          result.read += 1;
          progress.update(result.read, result.rows);
          const t = record.timestamp;
          if (t >= window.start && t < window.end) {
            if (record.value === null) return;
            let row;
            try {
              const decoded = await job.decoder.decode(record.value);
              row = recordMappers.exportLog.fromAvro(decoded.value as ExportLogRowV2);
            } catch (err) {
              const position = `${job.topic} partition ${record.partition} offset ${record.offset}`;
              throw new WaiError('WAI_SCHEMA', `${position}: ${(err as Error).message}`, {
                cause: err,
              });
            }
            const now = join.add({ row, recordTime: t });
            if (now !== null) {
              await sink.write(exportRow(now.row, now.recordTime));
              result.rows += 1;
            }
            return;
          }
          const prev = previous?.endOffsets.get(record.partition);
          if (previous === undefined || t >= window.start) return;
          if (prev !== undefined && BigInt(record.offset) < BigInt(prev)) return;
          const label = previous.writtenWindowOf(t);
          if (label === null) return;
          result.late += 1;
          previous.onLate(
            { partition: record.partition, offset: record.offset, timestamp: t },
            label,
          );
        },
      });
      for (const joined of join.joined()) {
        await sink.write(exportRow(joined.row, joined.recordTime));
        result.rows += 1;
      }
    },
    beforeRename: () => job.beforeRename?.(result) ?? Promise.resolve(),
  });
}
