// `wa-identity run`: the Kafka worker, long-running, until SIGTERM or SIGINT
// (graceful: fetching stops, the open transaction commits, the group is left). More
// processes with the same config share the partitions. Exit 0 after a clean stop, 1 when a
// stage failed or the stop hit its force timeout, 2 on a usage or configuration error.
// With a metrics port, /metrics, /healthz and /ready are served from before the stages start until
// after they stopped.
import { WaiError } from '../../../domain/errors.js';
import { loadConfig } from '../../config.js';
import { runUntilSignal, type SignalSource } from '../../../adapters/lifecycle/shutdown.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity run [--metrics-port <port>] [--allow-dev-secret]

Runs the Kafka worker (exactly once, read_committed outputs) until SIGTERM or SIGINT:
  <prefix>input (keyed by portfolio) → data-stream, export-log, contact-book, outbound.results
More processes with the same WAI_APP_ID share the input log's partitions (whole portfolios).
Topics must exist and the schemas be registrable: run \`wa-identity provision\` first.

options:
  --metrics-port <port>    serve GET /metrics (Prometheus), GET /healthz (200 while the
                           worker is RUNNING or RESTORING, else 503) and GET /ready (200 once
                           every owned partition is restored) on WAI_METRICS_HOST
                           (default 0.0.0.0); overrides WAI_METRICS_PORT. Default: none
                           With WAI_LOOKUP_TOKENS the same port serves the contact lookup
                           API (GET /v1/contacts/{portfolioId}/{id}, /v1/openapi.json) and
                           the identity explorer (/explorer)
  --allow-dev-secret       accept the development WAI_KEY_SECRET (never with real data)
  --help                   this text

environment: KAFKA_BROKERS, SCHEMA_REGISTRY_URL, WAI_APP_ID, WAI_TOPIC_PREFIX, WAI_KEY_SECRET,
             WAI_PORTFOLIO_MAP, WAI_STRICT_PORTFOLIOS, WAI_CONTACT_BOOK_LAUNCH,
             WAI_INSTANCE_ID, WAI_SESSION_TIMEOUT_MS, WAI_HEARTBEAT_INTERVAL_MS, WAI_REBALANCE_TIMEOUT_MS,
             WAI_SHUTDOWN_TIMEOUT_MS, WAI_METRICS_PORT, WAI_METRICS_HOST, WAI_LOOKUP_TOKENS,
             WAI_LOOKUP_TOKENS_FILE, WAI_ADVERTISED_URL, LOG_LEVEL
exit codes: 0 stopped cleanly, 1 the worker failed or the stop timed out, 2 usage/config error`;

const OPTIONS = {
  'allow-dev-secret': { type: 'boolean' },
  'metrics-port': { type: 'string' },
} as const;

/** Checked here so an error names the flag; loadConfig then reads it as WAI_METRICS_PORT. */
function metricsPortOf(value: string | undefined): string | undefined {
  if (value === undefined || (/^\d+$/.test(value) && Number(value) <= 65535)) return value;
  throw new WaiError('WAI_CONFIG', `--metrics-port ${value}: expected a port number 0-65535`, {
    field: '--metrics-port',
  });
}

export async function runRun(
  args: readonly string[],
  io: CliIo,
  signals?: SignalSource,
): Promise<number> {
  const { values } = parseCommandArgs('run', args, OPTIONS);
  const metricsPort = metricsPortOf(values['metrics-port']);
  const config = loadConfig(
    metricsPort === undefined ? io.env : { ...io.env, WAI_METRICS_PORT: metricsPort },
  );
  if (config.keySecretIsDefault && values['allow-dev-secret'] !== true) {
    throw new WaiError(
      'WAI_CONFIG',
      'WAI_KEY_SECRET is the development secret: phone keys would be guessable. ' +
        'Set WAI_KEY_SECRET, or pass --allow-dev-secret for local test data.',
      { field: 'WAI_KEY_SECRET' },
    );
  }
  // Loaded here, not at the top: every command module is loaded whatever the command, and
  // these pull in the Kafka and registry clients.
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { startPipeline } = await import('../../worker/index.js');
  const { startWorkerHttp } = await import('../../lookup/worker-http.js');
  const logger = createLogger({ level: config.logLevel });
  if (config.keySecretIsDefault) logger.warn('running with the development key secret');
  // Before the stages, so a taken port fails at once; /healthz says 503 until they run.
  const http = await startWorkerHttp(config, logger);
  try {
    const pipeline = await startPipeline({
      config,
      logger,
      ...(http ? { metrics: http.metrics } : {}),
      ...(http?.endpoint ? { endpoint: http.endpoint } : {}),
    });
    http?.attach(pipeline);
    return await runUntilSignal(pipeline, { logger, ...(signals ? { source: signals } : {}) });
  } finally {
    await http?.close();
  }
}

export const command: CliCommand = {
  name: 'run',
  summary: 'run the Kafka worker (input log → every output topic) until SIGTERM',
  usage: USAGE,
  run: (args, io) => runRun(args, io),
};
