// `wa-identity normalize`: raw deliveries (NDJSON on stdin) → output records (NDJSON on
// stdout). Stateless today; the resolve stage plugs in as the EventStage passed to
// runNormalize, without changing the reading, splitting or writing.
import { passThroughStage } from '../../../core/pipeline.js';
import type { EventStage } from '../../../core/pipeline.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import type { PipelineStats } from '../ndjson-pipeline.js';
import { runNdjsonPipeline } from '../ndjson-pipeline.js';
import { resolveNormalizeSettings } from '../normalize-options.js';

const USAGE = `usage: wa-identity normalize [options] < deliveries.ndjson

Reads one webhook delivery per line (a JSON object, or a JSON string holding a raw
form-encoded body) and writes one line per output record:
  {"topic": "data-stream" | "export-log" | "contact-book" | "outbound" | "dlq", "key": ..., "value": ...}
A line that cannot be read becomes a "dlq" record and the next line is processed.

options:
  --portfolio-map <file.json>  {"wabas": {id: portfolio}, "phoneNumbers": {id: portfolio}}
                               (merged with env WAI_PORTFOLIO_MAP; contradictions are errors)
  --strict-portfolios          reject events from unmapped WABAs (default: portfolio waba:<id>)
  --received-at <ms|ISO>       receipt time for payloads without their own (Twilio);
                               default: the clock when the line is read
  --help                       this text

environment: WAI_PORTFOLIO_MAP, WAI_STRICT_PORTFOLIOS, WAI_KEY_SECRET (keyed hash of phone keys)`;

const OPTIONS = {
  'portfolio-map': { type: 'string' },
  'strict-portfolios': { type: 'boolean' },
  'received-at': { type: 'string' },
} as const;

function summary(stats: PipelineStats): string {
  const unmapped = [...stats.unmappedPortfolios].map(([id, n]) => `${id} (${n})`).join(', ');
  return (
    `normalize: ${stats.lines} deliveries, ${stats.events} events, ${stats.records} records, ` +
    `${stats.dlq} dlq` +
    (unmapped ? `; events in unmapped portfolios: ${unmapped}` : '')
  );
}

export async function runNormalize(
  args: readonly string[],
  io: CliIo,
  stage: EventStage = passThroughStage,
): Promise<number> {
  const { values } = parseCommandArgs('normalize', args, OPTIONS);
  const settings = resolveNormalizeSettings(
    {
      portfolioMap: values['portfolio-map'],
      strictPortfolios: values['strict-portfolios'],
      receivedAt: values['received-at'],
    },
    io.env,
  );
  for (const w of settings.warnings) io.stderr.write(`wa-identity normalize: ${w}\n`);
  const fixed = settings.fixedReceivedAt;
  let stats: PipelineStats;
  try {
    stats = await runNdjsonPipeline(io.stdin, io.stdout, {
      split: settings.split,
      stage,
      receivedAt: fixed === null ? io.now : () => fixed,
    });
  } catch (err) {
    io.stderr.write(`wa-identity normalize: reading stdin failed: ${(err as Error).message}\n`);
    return 1;
  }
  io.stderr.write(`${summary(stats)}\n`);
  return 0;
}

export const command: CliCommand = {
  name: 'normalize',
  summary: 'webhook deliveries (NDJSON, stdin) → normalized event records (NDJSON, stdout)',
  usage: USAGE,
  run: (args, io) => runNormalize(args, io),
};
