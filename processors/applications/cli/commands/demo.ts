// `wa-identity demo`: the worker on the embedded local stack with bundled samples.
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity demo [--deliveries <file.ndjson>] [--outbound <file.ndjson>]

Starts Apache Kafka 4 (KRaft) and Apicurio Registry from their Maven Central jars (downloaded
once, cached under ~/.cache/wa-identity-stream), or uses KAFKA_BROKERS and
SCHEMA_REGISTRY_URL when both are set (then with fresh demo-<id>. topic names). Provisions
the topics and schemas, runs the worker, appends the sample deliveries
(deploy/demo/deliveries.ndjson) and outbound requests (deploy/demo/outbound-requests.ndjson),
and prints what the data-stream, export-log, outbound-results, contact-book and DLQ topics
received. Phone numbers are shown redacted. Everything it started is stopped at the end.

options:
  --deliveries <file>   webhook deliveries, one per line (default: the bundled samples)
  --outbound <file>     outbound requests, one per line, bare or as {"outbound": …}, or
                        {"admin": …} commands (default: the bundled samples)
  --explorer            after the report, keep the worker serving the lookup API and the
                        identity explorer page on 127.0.0.1 until Ctrl-C (the URL and a
                        token for this run are printed)
  --help                this text`;

const OPTIONS = {
  deliveries: { type: 'string' },
  outbound: { type: 'string' },
  explorer: { type: 'boolean' },
} as const;

/** Settles at the first SIGINT or SIGTERM. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('demo', args, OPTIONS);
  // Loaded on use: listing commands must not load Kafka clients.
  const { runDemo } = await import('../../demo/run-demo.js');
  return runDemo({
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    ...(values.deliveries === undefined ? {} : { deliveriesFile: values.deliveries }),
    ...(values.outbound === undefined ? {} : { outboundFile: values.outbound }),
    ...(values.explorer === true ? { untilStopped: untilSignal } : {}),
  });
}

export const command: CliCommand = {
  name: 'demo',
  summary: 'run the whole pipeline on a local Kafka + registry with sample deliveries',
  usage: USAGE,
  run,
};
