// `wa-identity replay`: reprocess the input log from a record time, in place (the worker
// group's offsets moved back) or side by side (a copy into a fresh deployment whose outputs
// for the window equal the original ones). See replay/replay.ts for both modes.
import { WaiError } from '../../../domain/errors.js';
import { loadConfig, type AppConfig } from '../../config.js';
import { parseTimeFlag } from '../../normalize/normalize-options.js';
import { formatPlan, inPlaceRows, sideBySideRows } from '../../replay/plan.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { confirmed } from '../confirm.js';
import { startProgress } from '../progress.js';
import { toolLogLevel } from '../tool-log-level.js';

const USAGE = `usage: wa-identity replay --from <time> --into <topic-prefix> --into-app-id <id> [--to <time>] [--dry-run]
       wa-identity replay --from <time> --in-place [--dry-run] [--yes]

Reprocesses the input log from --from (record time: ISO-8601 or epoch ms).

side by side (--into, --into-app-id): provisions a fresh deployment (topics under the new
  prefix, the new app id's consumer group) and copies the input log into it from its start,
  same partition, key, value, headers and timestamp. Records before --from only rebuild its
  contact book (warm-up: no data-stream, export-log, outbound or DLQ records), records at or
  after --to are left out. Start its workers (WAI_APP_ID=<id> WAI_TOPIC_PREFIX=<prefix>
  wa-identity run): its outputs for [--from, --to) equal the original deployment's, record by
  record. The original keeps running; subscribers move over when they choose.
in place (--in-place): moves this deployment's worker group back to the first record at or
  after --from on every partition. Refused while the group has live members: stop every
  \`wa-identity run\` of the deployment first, then start them again. The records are
  reprocessed against the contact book as it is now (events it still remembers, the last few
  per user, are recognised as already processed); their events reach subscribers again with
  the same event ids, so subscribers must de-duplicate.

options:
  --from <time>        where the replay starts (required)
  --to <time>          side by side: records from this time on are not copied
  --into <prefix>      side by side: the new deployment's topic prefix (e.g. replay-1.)
  --into-app-id <id>   side by side: the new deployment's app id
  --in-place           reset this deployment's worker group instead
  --dry-run            print the plan per partition and change nothing
  --yes                in place: no confirmation (needed without a terminal)

environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL (side by side), WAI_TOPIC_PREFIX, WAI_APP_ID
exit status: 0 done, 1 broker failure, 2 usage error, refused or not confirmed`;

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  into: { type: 'string' },
  'into-app-id': { type: 'string' },
  'in-place': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;

function usage(message: string, field: string): WaiError {
  return new WaiError('WAI_CONFIG', `${message} (see wa-identity replay --help)`, { field });
}

interface ReplayArgs {
  fromMs: number;
  toMs: number | null;
  target: { prefix: string; appId: string } | null;
  dryRun: boolean;
  yes: boolean;
}

export function parseReplayArgs(args: readonly string[]): ReplayArgs {
  const { values } = parseCommandArgs('replay', args, OPTIONS);
  if (values.from === undefined) throw usage('--from is required', '--from');
  const fromMs = parseTimeFlag('--from', values.from);
  const toMs = values.to === undefined ? null : parseTimeFlag('--to', values.to);
  if (toMs !== null && toMs <= fromMs) throw usage('--to must be after --from', '--to');
  const inPlace = values['in-place'] === true;
  const into = values.into;
  const intoAppId = values['into-app-id'];
  if (inPlace && (into !== undefined || intoAppId !== undefined)) {
    throw usage('--in-place and --into are two different modes: pick one', '--in-place');
  }
  if (inPlace && toMs !== null) {
    throw usage('--to applies side by side only: in place, workers run to the end', '--to');
  }
  if (!inPlace && (into === undefined || into === '')) {
    throw usage('give --into <prefix> and --into-app-id <id>, or --in-place', '--into');
  }
  if (!inPlace && (intoAppId === undefined || intoAppId === '')) {
    throw usage('--into needs --into-app-id <id> too', '--into-app-id');
  }
  return {
    fromMs,
    toMs,
    target: inPlace ? null : { prefix: into ?? '', appId: intoAppId ?? '' },
    dryRun: values['dry-run'] === true,
    yes: values.yes === true,
  };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseReplayArgs(args);
  const config = loadConfig(io.env);
  const { createKafka } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const replay = await import('../../replay/replay.js');
  const logger = createLogger({
    level: toolLogLevel(io.env, config.logLevel),
    destination: io.stderr,
  });
  const client = createKafka(config, logger);
  const admin = await client.admin();
  try {
    const from = new Date(parsed.fromMs).toISOString();
    if (parsed.target === null) {
      const group = replay.workerGroup(config);
      const plan = await replay.planOffsets(client, admin, config, parsed.fromMs, group);
      io.stdout.write(`in place: group ${group} on ${config.topics.input} back to ${from}\n`);
      io.stdout.write(formatPlan(inPlaceRows(plan)));
      if (parsed.dryRun) {
        const members = await admin.groupMembers(group);
        if (members.length > 0) {
          io.stderr.write(`replay: would refuse now: ${members.length} live member(s)\n`);
        }
        return 0;
      }
      await replay.requireNoMembers(admin, group, '--in-place');
      const total = plan.reduce((n, p) => n + (p.high - p.from), 0n);
      const question = `Reset ${group} to ${from}? Its workers reprocess ${total} records and publish their events again.`;
      if (!(await confirmed(io, 'replay', question, parsed.yes))) {
        io.stderr.write('replay: not confirmed, nothing changed\n');
        return 2;
      }
      await replay.resetInPlace(admin, config, plan);
      io.stderr.write(
        `replay: ${group} reset to ${from} on ${plan.length} partitions; start its workers (wa-identity run) to reprocess ${total} records\n`,
      );
      return 0;
    }
    const target: AppConfig = loadConfig({
      ...io.env,
      WAI_TOPIC_PREFIX: parsed.target.prefix,
      WAI_APP_ID: parsed.target.appId,
    });
    const plan = await replay.planOffsets(client, admin, config, parsed.fromMs, null);
    const sized: AppConfig = { ...target, partitions: plan.length };
    await replay.checkTarget(admin, config, sized);
    io.stdout.write(
      `side by side: ${config.topics.input} → ${sized.topics.input} (app id ${sized.appId}), replay from ${from}` +
        `${parsed.toMs === null ? '' : ` to ${new Date(parsed.toMs).toISOString()}`}\n`,
    );
    io.stdout.write(formatPlan(sideBySideRows(plan)));
    if (parsed.dryRun) return 0;
    const total = plan.reduce((n, p) => n + Number(p.high - p.low), 0);
    const progress = startProgress(io, 'replay', total);
    const counts = await replay.replaySideBySide(
      client,
      sized,
      logger,
      { sourceTopic: config.topics.input, plan, fromMs: parsed.fromMs, toMs: parsed.toMs },
      (copied) => progress.update(copied, copied),
    );
    progress.done(
      `replay: ${counts.warmup + counts.replayed} records copied into ${sized.topics.input} ` +
        `(${counts.warmup} warm-up, ${counts.replayed} replayed, ${counts.skipped} at or after --to left out); ` +
        `start its workers: WAI_APP_ID=${sized.appId} WAI_TOPIC_PREFIX=${sized.topicPrefix} wa-identity run`,
    );
    return 0;
  } finally {
    await admin.disconnect();
  }
}

export const command: CliCommand = {
  name: 'replay',
  summary: 'reprocess the input log from a time: side by side into a new deployment, or in place',
  usage: USAGE,
  run,
};
