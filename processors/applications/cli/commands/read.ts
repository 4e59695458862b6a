// `wa-identity read <topic>`: prints a range of one of the product's topics, read_committed,
// Avro decoded through the registry by each record's writer schema, phones redacted unless
// --show-phones (which writes an audit line).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { WaiError } from '../../../domain/errors.js';
import { loadConfig } from '../../config.js';
import { auditShowPhones } from '../../topics/audit.js';
import { checkOrder, parseBound } from '../../topics/bounds.js';
import type { Bound } from '../../topics/bounds.js';
import { isAvroTopic, resolveTopic } from '../../topics/topic-arg.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { toolLogLevel } from '../tool-log-level.js';

const USAGE = `usage: wa-identity read <topic> [--from <bound>] [--to <bound>] [--follow]
                        [--format jsonl|table] [--show-phones]

Prints the committed records (read_committed) of one topic of this deployment, per partition
in offset order. <topic> is a short name (data-stream, export-log, contact-book,
outbound.results, dlq, input) or a full topic name. Avro values are decoded with the schema
their writer used (fetched from SCHEMA_REGISTRY_URL by the id each record carries); the input
log's and the DLQ's bytes are shown as text when UTF-8, else base64, with their headers.

A <bound> is a record time, ISO-8601 (2026-12-03T10:00:00Z) or epoch ms (all digits), or an
offset, offset:<n> (on every partition). --from is included, --to excluded. A time is looked
up per partition: the read starts (or ends) at the first record whose time is at or after it.
Without --follow the read ends at the end of each partition as it is when the command starts;
with --follow it goes on with new records until Ctrl-C (or SIGTERM), so --to is refused.

Phone numbers are redacted (***34) unless --show-phones, which also writes an audit line
(user, host, time, topic; JSON) to stderr. In raw bytes every phone-like digit run is
redacted, business ids included.

options:
  --from <bound>          where to start (default: the start of each partition)
  --to <bound>            where to stop, excluded (default: the end when the command starts)
  --follow                keep reading new records until Ctrl-C
  --format jsonl|table    jsonl (default): one JSON object per record; table: one line each
  --show-phones           print phone numbers in clear (audited)
  --help                  this text

environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL (Avro topics), WAI_TOPIC_PREFIX, WAI_APP_ID
exit codes: 0 done (or stopped by Ctrl-C), 1 the broker or registry failed, 2 usage error`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  follow: { type: 'boolean' },
  format: { type: 'string' },
  'show-phones': { type: 'boolean' },
} as const;

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await once(out, 'drain');
}

function parseFormat(raw: string | undefined): 'jsonl' | 'table' {
  if (raw === undefined || raw === 'jsonl' || raw === 'table') return raw ?? 'jsonl';
  throw new WaiError('WAI_CONFIG', `--format ${raw}: expected jsonl or table`, {
    field: '--format',
  });
}

/** Ctrl-C / SIGTERM end a followed read cleanly. */
function stopOnSignals(controller: AbortController): () => void {
  const stop = (): void => controller.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return () => {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  };
}

export async function runRead(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('read', args, OPTIONS, true);
  if (positionals.length > 1) {
    throw new WaiError('WAI_CONFIG', `one <topic> only, got ${positionals.join(' ')}`, {
      field: '<topic>',
    });
  }
  const config = loadConfig(io.env);
  const topic = resolveTopic(positionals[0], config.topics);
  const from: Bound | null = values.from === undefined ? null : parseBound('--from', values.from);
  const to: Bound | null = values.to === undefined ? null : parseBound('--to', values.to);
  checkOrder(from, to);
  const format = parseFormat(values.format);
  const follow = values.follow === true;
  if (follow && to !== null) {
    throw new WaiError('WAI_CONFIG', '--to with --follow: following ends with Ctrl-C only', {
      field: '--to',
    });
  }
  const showPhones = values['show-phones'] === true;
  const avro = isAvroTopic(topic.id);
  if (avro && config.registryUrl === null) {
    throw new WaiError('WAI_CONFIG', `SCHEMA_REGISTRY_URL is needed to decode ${topic.name}`, {
      field: 'SCHEMA_REGISTRY_URL',
    });
  }
  // Loaded on use: listing commands must not load Kafka clients.
  const { createKafka, readRange } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { createRegistryClient } = await import('../../../adapters/avro/registry.js');
  const { createWriterDecoder } = await import('../../../adapters/avro/writer-decoder.js');
  const { tableLine, viewRecord } = await import('../../topics/record-view.js');
  const { resolveRange } = await import('../../topics/resolve-range.js');
  const logger = createLogger({
    level: toolLogLevel(io.env, config.logLevel),
    destination: io.stderr,
  });
  const client = createKafka(config, logger);
  const decoder =
    avro && config.registryUrl !== null
      ? createWriterDecoder(createRegistryClient(config.registryUrl, config.registrySecurity))
      : null;
  const range = await resolveRange(client, topic.name, { from, to, follow });
  if (showPhones) auditShowPhones(io, 'read', topic.name);
  const controller = new AbortController();
  const release = follow ? stopOnSignals(controller) : () => undefined;
  try {
    const result = await readRange(client, {
      topic: topic.name,
      from: range.from,
      to: range.to,
      signal: controller.signal,
      apply: async (record) => {
        const view = await viewRecord(record, { decoder, showPhones });
        await writeLine(io.stdout, format === 'table' ? tableLine(view) : JSON.stringify(view));
      },
    });
    io.stderr.write(
      `read: ${result.records} records from ${topic.name}${result.stopped ? ' (stopped)' : ''}\n`,
    );
  } finally {
    release();
  }
  return 0;
}

export const command: CliCommand = {
  name: 'read',
  summary: 'print records of a topic, decoded, phones redacted',
  usage: USAGE,
  run: (args, io) => runRead(args, io),
};
