// `wa-identity provision`: the topics and schemas a deployment needs, created if missing and
// checked if present. Safe to run on every deploy; the report goes to stdout, logs to stderr.
import { loadConfig } from '../../config.js';
import type { ProvisionReport } from '../../provision/provision.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity provision [--skip-schemas]

Creates each topic of the deployment that does not exist yet, with WAI_PARTITIONS partitions,
WAI_REPLICATION_FACTOR replicas and the topic's own settings (contact-book: compacted, with a
bounded compaction lag so deletions really vanish), and registers every version of every Avro
schema in SCHEMA_REGISTRY_URL with FULL_TRANSITIVE compatibility.
Existing topics are described, never changed: what differs is reported as drift. Safe to run
again. Refuses, changing nothing, when the input log and contact-book would have different
partition counts (they are co-partitioned).

options:
  --skip-schemas  topics only; SCHEMA_REGISTRY_URL is not needed
  --help          this text

environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, WAI_TOPIC_PREFIX, WAI_PARTITIONS,
             WAI_REPLICATION_FACTOR, LOG_LEVEL (logs go to stderr)
exit status: 0 provisioned (drift is reported, not an error), 1 broker or registry failure,
             2 configuration refused (including co-partitioning)`;

const OPTIONS = { 'skip-schemas': { type: 'boolean' } } as const;

function versionRange(count: number): string {
  return count === 1 ? 'v1' : `v1-v${count}`;
}

export function formatReport(report: ProvisionReport): string[] {
  const width = Math.max(...report.topics.map((t) => t.name.length));
  const lines = report.topics.map((t) => {
    const shape = `${t.partitions} partitions, replication ${t.replicationFactor}`;
    const drift = t.drift.length === 0 ? '' : `; drift: ${t.drift.join(', ')}`;
    return `${t.action.padEnd(8)} ${t.name.padEnd(width)}  ${shape}${drift}`;
  });
  for (const s of report.subjects) {
    lines.push(`schema   ${s.subject}  ${versionRange(s.ids.length)} (ids ${s.ids.join(', ')})`);
  }
  return lines;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('provision', args, OPTIONS);
  const config = loadConfig(io.env);
  // Loaded on use: every command module is loaded to list them, and listing must not need
  // Kafka, the registry client or pino (the built CLI runs `normalize` without them).
  const [{ createLogger }, { provision }] = await Promise.all([
    import('../../../adapters/logging/logger.js'),
    import('../../provision/provision.js'),
  ]);
  const logger = createLogger({ level: config.logLevel, destination: io.stderr });
  const schemas = values['skip-schemas'] === true ? 'skip' : 'register';
  const report = await provision(config, logger, { schemas });
  io.stdout.write(`${formatReport(report).join('\n')}\n`);
  return 0;
}

export const command: CliCommand = {
  name: 'provision',
  summary: 'create the topics and register the schemas (idempotent)',
  usage: USAGE,
  run,
};
