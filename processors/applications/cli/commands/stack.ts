// `wa-identity stack`: the embedded local Kafka and schema registry in the foreground, so a
// user can try `provision`, `run`, `send` and the other commands against them.
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity stack

Starts Apache Kafka (KRaft, one node) and Apicurio Registry (Confluent-compatible API) from
their Maven Central jars (downloaded once, cached under ~/.cache/wa-identity-stream, or
WAI_CACHE_DIR), prints the two lines to paste into another shell:
  export KAFKA_BROKERS=127.0.0.1:<port>
  export SCHEMA_REGISTRY_URL=http://127.0.0.1:<port>/apis/ccompat/v7
and runs until Ctrl-C (SIGINT) or SIGTERM, then stops both. Nothing outlives it: the Kafka
data directory is removed at the stop. Needs Java 17+.

options:
  --help   this text`;

export async function runStack(args: readonly string[], io: CliIo): Promise<number> {
  parseCommandArgs('stack', args, {});
  // Loaded on use: listing commands must not load Kafka clients.
  const { startLocalStack } = await import('../../../adapters/local-stack/index.js');
  const { runUntilSignal } = await import('../../../adapters/lifecycle/shutdown.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const logger = createLogger({ level: io.env['LOG_LEVEL'] ?? 'info', destination: io.stderr });
  io.stderr.write('Starting Apache Kafka and Apicurio Registry (first run downloads the jars)…\n');
  const stack = await startLocalStack();
  let stopped: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  io.stdout.write(
    `export KAFKA_BROKERS=${stack.brokers.join(',')}\n` +
      `export SCHEMA_REGISTRY_URL=${stack.registryUrl}\n`,
  );
  io.stderr.write(
    `Kafka ${stack.versions.kafka} and Apicurio Registry ${stack.versions.registry} are up ` +
      `(logs in ${stack.runDir}). Ctrl-C stops both.\n`,
  );
  const code = await runUntilSignal(
    { stop: () => stack.stop().finally(stopped), done },
    { logger },
  );
  io.stderr.write('Stopped the local Kafka broker and schema registry.\n');
  return code;
}

export const command: CliCommand = {
  name: 'stack',
  summary: 'run a local Kafka + schema registry in the foreground, for trying the commands',
  usage: USAGE,
  run: (args, io) => runStack(args, io),
};
