// `wa-identity send`: appends NDJSON lines to the input log, keyed by portfolio as the workers
// read it, in order, each acknowledged by every in-sync replica before the command ends.
import { createReadStream, existsSync } from 'node:fs';
import { WaiError } from '../../../domain/errors.js';
import type { Readable } from 'node:stream';
import { loadConfig } from '../../config.js';
import { parseTimeFlag } from '../../normalize/normalize-options.js';
import { domainSettings } from '../../worker/domain-settings.js';
import { inputRecords } from '../../input-log/append.js';
import { byteLines, isBlank } from '../../input-log/byte-lines.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { toolLogLevel } from '../tool-log-level.js';

const USAGE = `usage: wa-identity send [--timestamp <ms|ISO>] [<file.ndjson> …]

Appends lines (from the files in order, or stdin when none is given or the name is -) to the
input log <prefix>input, byte for byte, each keyed by its portfolio from WAI_PORTFOLIO_MAP the
way the workers read it (a delivery with items of several portfolios is appended once per
portfolio). Lines are what \`wa-identity normalize\` reads: webhook deliveries as received,
{"outbound": {…}} send requests, {"admin": {…}} contact-book commands. A line that names no
portfolio, or cannot be read, still goes in (key ~unrouted): the worker puts it in the DLQ
with why. Blank lines are skipped and counted. The producer is idempotent with acks=all, so a
line is in the log when the command exits 0. A progress line goes to stderr every second.

options:
  --timestamp <ms|ISO>   record time of every line (the event time of payloads that carry
                         none, e.g. Twilio's); default: the clock when the line is read
  --help                 this text

environment: KAFKA_BROKERS, WAI_TOPIC_PREFIX, WAI_PORTFOLIO_MAP, WAI_STRICT_PORTFOLIOS
exit codes: 0 every line appended, 1 the broker refused or failed, 2 usage/config error`;

const OPTIONS = { timestamp: { type: 'string' } } as const;
/** Records per produce request: large enough to batch, small enough to show progress. */
const BATCH = 500;
const PROGRESS_EVERY_MS = 1000;

interface Counts {
  lines: number;
  blank: number;
  records: number;
}

function sources(files: readonly string[], stdin: Readable): Readable[] {
  if (files.length === 0) return [stdin];
  // Checked before anything is sent, so a typo appends nothing.
  const missing = files.filter((f) => f !== '-' && !existsSync(f));
  if (missing.length > 0) {
    throw new WaiError('WAI_CONFIG', `no such file: ${missing.join(', ')}`, { field: 'file' });
  }
  return files.map((f) => (f === '-' ? stdin : createReadStream(f)));
}

export async function runSend(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('send', args, OPTIONS, true);
  const fixed =
    values.timestamp === undefined ? null : parseTimeFlag('--timestamp', values.timestamp);
  const inputs = sources(positionals, io.stdin);
  const config = loadConfig(io.env);
  const { routing } = domainSettings(config);
  const topic = config.topics.input;
  // Loaded on use: listing commands must not load Kafka clients.
  const { createKafka, createSink } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const logger = createLogger({
    level: toolLogLevel(io.env, config.logLevel),
    destination: io.stderr,
  });
  const sink = await createSink(createKafka(config, logger));
  const counts: Counts = { lines: 0, blank: 0, records: 0 };
  const progress = (): string =>
    `send: ${counts.lines} lines → ${counts.records} records to ${topic}` +
    (counts.blank > 0 ? ` (${counts.blank} blank lines skipped)` : '');
  let lastProgress = io.now();
  try {
    let batch: ReturnType<typeof inputRecords> = [];
    const flush = async (): Promise<void> => {
      await sink.send(batch);
      counts.records += batch.length;
      batch = [];
      if (io.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = io.now();
        io.stderr.write(`${progress()}\n`);
      }
    };
    for (const source of inputs) {
      for await (const { bytes: line } of byteLines(source)) {
        if (isBlank(line)) {
          counts.blank += 1;
          continue;
        }
        counts.lines += 1;
        const timestamp = fixed ?? io.now();
        batch.push(...inputRecords(topic, [{ value: line, timestamp }], routing));
        if (batch.length >= BATCH) await flush();
      }
    }
    await flush();
  } finally {
    await sink.close();
  }
  io.stderr.write(`${progress()}\n`);
  return 0;
}

export const command: CliCommand = {
  name: 'send',
  summary: 'append NDJSON deliveries, send requests and admin commands to the input log',
  usage: USAGE,
  run: (args, io) => runSend(args, io),
};
