// `wa-identity export`: export-log rows of a record-time window to a CSV, JSON Lines or
// Parquet file, whole or not at all; with --every, one file per closed window (scheduled).
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { WaiError } from '../../../domain/errors.js';
// rows.ts only: the sinks' packages load on use (listing commands must not load them).
import { FILE_FORMATS } from '../../../adapters/files/rows.js';
import type { FileFormat } from '../../../adapters/files/rows.js';
import { loadConfig } from '../../config.js';
import { parseTimeFlag } from '../../normalize/normalize-options.js';
import { parsePeriod } from '../../export/windows.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { toolLogLevel } from '../tool-log-level.js';

const USAGE = `usage: wa-identity export --from <time> --to <time> [--format csv|jsonl|parquet] --out <file>
       wa-identity export --every <period> --from <time> [--to <time>] [--once]
                          [--grace <period>] [--format csv|jsonl|parquet] --out <directory>

Writes every row of the export log <prefix>export-log whose record time is in [--from, --to)
(read_committed: rows of aborted transactions never appear), inbound and outbound, one row
per transaction with every identifier column: logId, loggedAt, direction, portfolioId,
businessPhoneNumberId, waid, waidSource, phone (as the pipeline masked it: present only where
Meta's sharing rules allow), phoneSource, bsuid, parentBsuid, userHandle, messageId,
messageType, status, errorCode, routedVia, eventType, contactId, requestId, previousBsuid,
previousPhone, preferenceCategory, preferenceValue, previousContactId, recordTime. An
outbound message's rows (its request, its send result, Meta's statuses of it: same
requestId) are joined into one row under the request id, with Meta's message id and its
latest status, written after the window's other rows. Times are ISO-8601 in CSV and JSON
Lines, TIMESTAMP_MILLIS in Parquet; an empty CSV cell is null. The file is written under a
hidden temporary name beside --out and renamed when complete: never a partial file.

Scheduled (--every 1h, 1d, 30m …): windows aligned to the period (UTC) from the one holding
--from; each closed window (its end plus --grace has passed) is written to
<directory>/export-log-<window>.<format> (export-log-2026-12-03T10.csv for 1h), skipping
windows whose file exists, so running it again after a crash writes exactly the missing ones.
It runs on, waiting for each window to close, until --to or Ctrl-C; --once writes the closed
windows and exits (for cron). A record that arrives after its window's file was written is
reported on stderr ("late record for window …") and counted, not lost: delete that window's
file and run again to re-export it.

options:
  --from <time>         start of the range (ISO-8601 or epoch ms), included
  --to <time>           end of the range, excluded (required without --every)
  --format <format>     csv (default), jsonl or parquet
  --out <path>          the file; with --every, the directory (created if missing)
  --every <period>      scheduled mode: one file per window of this length
  --grace <period>      scheduled mode: wait this long after a window's end (default 1m)
  --once                scheduled mode: write the closed windows, then exit
  --help                this text

environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, WAI_TOPIC_PREFIX, WAI_APP_ID
exit codes: 0 written, 1 the broker, registry or file system failed (no partial file), 2 usage`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  every: { type: 'string' },
  grace: { type: 'string' },
  once: { type: 'boolean' },
} as const;

function required(flag: string, value: string | undefined): string {
  if (value === undefined) throw new WaiError('WAI_CONFIG', `${flag} is required`, { field: flag });
  return value;
}

function parseFormat(raw: string | undefined): FileFormat {
  const format = raw ?? 'csv';
  if ((FILE_FORMATS as readonly string[]).includes(format)) return format as FileFormat;
  throw new WaiError('WAI_CONFIG', `--format ${format}: expected ${FILE_FORMATS.join(', ')}`, {
    field: '--format',
  });
}

interface ExportArgs {
  from: number;
  to: number | null;
  format: FileFormat;
  out: string;
  every: number | null;
  graceMs: number;
  once: boolean;
}

export function parseExportArgs(args: readonly string[]): ExportArgs {
  const { values } = parseCommandArgs('export', args, OPTIONS);
  const every = values.every === undefined ? null : parsePeriod('--every', values.every);
  const from = parseTimeFlag('--from', required('--from', values.from));
  const to =
    values.to === undefined && every !== null
      ? null
      : parseTimeFlag('--to', required('--to', values.to));
  if (to !== null && to <= from) {
    throw new WaiError(
      'WAI_CONFIG',
      `--to ${new Date(to).toISOString()} is not after --from ${new Date(from).toISOString()}`,
      { field: '--to' },
    );
  }
  if (every === null && (values.once === true || values.grace !== undefined)) {
    const flag = values.once === true ? '--once' : '--grace';
    throw new WaiError('WAI_CONFIG', `${flag} needs --every`, { field: flag });
  }
  const out = required('--out', values.out);
  const parent = every === null ? dirname(out) : null;
  if (parent !== null && !existsSync(parent)) {
    throw new WaiError('WAI_CONFIG', `--out ${out}: no directory ${parent}`, { field: '--out' });
  }
  if (every !== null && existsSync(out) && !statSync(out).isDirectory()) {
    throw new WaiError(
      'WAI_CONFIG',
      `--out ${out}: not a directory (--every writes one file per window)`,
      {
        field: '--out',
      },
    );
  }
  return {
    from,
    to,
    format: parseFormat(values.format),
    out,
    every,
    graceMs: values.grace === undefined ? 60_000 : parsePeriod('--grace', values.grace),
    once: values.once === true,
  };
}

export async function runExport(args: readonly string[], io: CliIo): Promise<number> {
  const a = parseExportArgs(args);
  const config = loadConfig(io.env);
  if (config.registryUrl === null) {
    throw new WaiError('WAI_CONFIG', 'SCHEMA_REGISTRY_URL is needed to decode the export log', {
      field: 'SCHEMA_REGISTRY_URL',
    });
  }
  // Loaded on use: listing commands must not load Kafka clients.
  const { createKafka } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { createRegistryClient } = await import('../../../adapters/avro/registry.js');
  const { createWriterDecoder } = await import('../../../adapters/avro/writer-decoder.js');
  const { latestVersion } = await import('../../../adapters/avro/catalog.js');
  const { exportWindow } = await import('../../export/export-window.js');
  const { runSchedule } = await import('../../export/schedule.js');
  const { startProgress } = await import('../progress.js');
  const logger = createLogger({
    level: toolLogLevel(io.env, config.logLevel),
    destination: io.stderr,
  });
  const job = {
    client: createKafka(config, logger),
    decoder: createWriterDecoder(
      createRegistryClient(config.registryUrl, config.registrySecurity),
      latestVersion('whatsapp.export-log-value').type,
    ),
    topic: config.topics.exportLog,
    format: a.format,
    progress: (label: string, total: number) => startProgress(io, label, total),
  };
  if (a.every === null) {
    await exportWindow({
      ...job,
      window: { start: a.from, end: a.to ?? a.from },
      label: 'export',
      path: a.out,
    });
    return 0;
  }
  mkdirSync(a.out, { recursive: true });
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const result = await runSchedule({
      job,
      dir: a.out,
      format: a.format,
      period: a.every,
      from: a.from,
      to: a.to,
      graceMs: a.graceMs,
      once: a.once,
      now: io.now,
      signal: controller.signal,
      say: (line) => io.stderr.write(`${line}\n`),
    });
    io.stderr.write(
      `export: ${result.written} windows written, ${result.skipped} already there, ` +
        `${result.late} late records\n`,
    );
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  return 0;
}

export const command: CliCommand = {
  name: 'export',
  summary: 'export-log rows of a time window to CSV, JSON Lines or Parquet files',
  usage: USAGE,
  run: (args, io) => runExport(args, io),
};
