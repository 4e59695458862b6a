// `wa-identity normalize`: raw deliveries (NDJSON on stdin) → output records (NDJSON on
// stdout). Split, then the resolve stage with its state kept in memory across lines (contact
// book, masking, lineage, duplicates, outbound routing); `--stateless` keeps the split alone.
import { createMemoryResolver } from '../../../domain/identity/memory-resolver.js';
import { escapeText } from '../../../domain/input/escape.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import type { PipelineStats } from '../../normalize/ndjson-pipeline.js';
import { runNdjsonPipeline } from '../../normalize/ndjson-pipeline.js';
import { resolveNormalizeSettings } from '../../normalize/normalize-options.js';

const USAGE = `usage: wa-identity normalize [options] < deliveries.ndjson

Reads one webhook delivery per line (a JSON object, or a JSON string holding a raw
form-encoded body) and writes one line per output record:
  {"topic": "data-stream" | "export-log" | "contact-book" | "outbound" | "dlq", "key": ..., "value": ...}
A line that cannot be read becomes a "dlq" record and the next line is processed.
State (contact book, 30-day windows, identity lineage, recent event ids) is kept in memory
across lines, and all time is event time, so the same input always gives the same output.
Other input lines:
  {"outbound": {"requestId", "businessPhoneNumberId", "waid", "message", "portfolioId"?}}
  {"admin": {"action": "disableContactBook"|"enableContactBook"|"deleteContact",
             "portfolioId", "bsuid"?, "at": <epoch ms>}}

options:
  --portfolio-map <file.json>  {"wabas": {id: portfolio}, "phoneNumbers": {id: portfolio}}
                               (merged with env WAI_PORTFOLIO_MAP; contradictions are errors)
  --strict-portfolios          reject events from unmapped WABAs (default: portfolio waba:<id>)
  --stateless                  split only: no contact book, masking or lineage
  --received-at <ms|ISO>       receipt time for payloads without their own (Twilio);
                               default: the clock when the line is read
  --help                       this text

environment: WAI_PORTFOLIO_MAP, WAI_STRICT_PORTFOLIOS, WAI_KEY_SECRET (keyed hash of phone keys),
             WAI_CONTACT_BOOK_LAUNCH (default 2026-04-01T00:00:00Z)`;

const OPTIONS = {
  'portfolio-map': { type: 'string' },
  'strict-portfolios': { type: 'boolean' },
  stateless: { type: 'boolean' },
  'received-at': { type: 'string' },
} as const;

/** One line, whatever the input held: ids from the input are escaped. */
export function summary(stats: PipelineStats): string {
  const unmapped = [...stats.unmappedPortfolios]
    .map(([id, n]) => `${escapeText(id)} (${n})`)
    .join(', ');
  const skipped = [
    stats.blank > 0 ? `${stats.blank} blank line${stats.blank === 1 ? '' : 's'} skipped` : '',
    stats.empty > 0 ? `${stats.empty} deliver${stats.empty === 1 ? 'y' : 'ies'} without items` : '',
  ].filter((s) => s !== '');
  return (
    `normalize: ${stats.lines} deliveries, ${stats.events} events, ${stats.records} records, ` +
    `${stats.dlq} dlq` +
    (skipped.length > 0 ? `, ${skipped.join(', ')}` : '') +
    (unmapped ? `; events in unmapped portfolios: ${unmapped}` : '')
  );
}

export async function runNormalize(args: readonly string[], io: CliIo): Promise<number> {
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
  const resolver = values.stateless === true ? null : createMemoryResolver(settings.resolver);
  let stats: PipelineStats;
  try {
    stats = await runNdjsonPipeline(io.stdin, io.stdout, {
      routing: settings.routing,
      resolver,
      receivedAt: fixed === null ? io.now : () => fixed,
    });
  } catch (err) {
    io.stderr.write(
      `wa-identity normalize: reading stdin failed: ${escapeText((err as Error).message)}\n`,
    );
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
