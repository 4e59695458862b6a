// `wa-identity deliver`: pushes data-stream events to subscriber HTTP endpoints, until
// SIGTERM or SIGINT; `--resend <id>` makes one pass over a subscriber's dead letters.
import { WaiError } from '../../../domain/errors.js';
import { loadConfig } from '../../config.js';
import { loadDeliverSettings } from '../../deliver/deliver-config.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity deliver [--resend <subscriber>] [--metrics-port <port>]

Sends every data-stream event (read_committed) to each subscriber that wants it, as a signed
JSON POST (body: docs/webhooks/event-v1.schema.json; header Wai-Signature: t=<unix>,v1=<hex>,
HMAC-SHA256 of "<t>.<body>" with each of the subscriber's secrets; Wai-Event-Id for
de-duplication). Per subscriber its own consumer group, so one slow endpoint holds back no
other; each user's events in order, users in parallel. At least once: offsets are committed
after delivery or dead-lettering. Retries with exponential backoff (Retry-After respected) on
timeouts, network errors, 408, 425, 429 and 5xx; other answers, or a spent budget, send the
event to <prefix>deliver.dlq.<subscriber> with the last answer in headers. A circuit breaker
pauses a subscriber after repeated failures.

options:
  --resend <subscriber>   one pass over that subscriber's dead letters (from where the last
                          pass stopped to the end), then exit
  --metrics-port <port>   serve GET /metrics (wai_deliver_*) and /healthz
  --help                  this text

environment: WAI_SUBSCRIBERS (JSON list or @file):
  [{"id": "crm", "url": "https://crm.example.com/hooks/wa", "secretEnv": "CRM_WEBHOOK_SECRET",
    "portfolios": ["acme"] | "*", "eventTypes": ["MESSAGE", "STATUS"] | "*",
    "maxAttempts": 8, "timeoutMs": 10000}]
  a subscriber's secrets: the variable it names (comma-separated) and/or "secretFile";
  WAI_DELIVER_BACKOFF_INITIAL_MS (1000), WAI_DELIVER_BACKOFF_MAX_MS (60000),
  WAI_DELIVER_BREAKER_FAILURES (5), WAI_DELIVER_BREAKER_COOLDOWN_MS (30000),
  WAI_DELIVER_CONCURRENCY (16), KAFKA_BROKERS, SCHEMA_REGISTRY_URL, WAI_APP_ID, WAI_TOPIC_PREFIX
exit codes: 0 stopped cleanly, 1 failed, 2 usage/config error`;

const OPTIONS = { resend: { type: 'string' }, 'metrics-port': { type: 'string' } } as const;

export async function runDeliver(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('deliver', args, OPTIONS);
  const port = values['metrics-port'];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535))
    throw new WaiError('WAI_CONFIG', `--metrics-port ${port}: expected a port number 0-65535`, {
      field: '--metrics-port',
    });
  const config = loadConfig(io.env);
  const settings = loadDeliverSettings(io.env);
  // Loaded on use: listing commands must not load Kafka clients.
  const { Registry, collectDefaultMetrics } = await import('prom-client');
  const { createKafka } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { runUntilSignal } = await import('../../../adapters/lifecycle/shutdown.js');
  const { createDeliverMetrics } = await import('../../../adapters/metrics/deliver-metrics.js');
  const { startMetricsServer } = await import('../../../adapters/metrics/index.js');
  const { createRegistryClient } = await import('../../../adapters/avro/registry.js');
  const { createTopicCodecs } = await import('../../../adapters/avro/topic-codecs.js');
  const { startDeliver } = await import('../../deliver/deliver-worker.js');
  const { resendDeadLetters } = await import('../../deliver/resend.js');
  const logger = createLogger({ level: config.logLevel, destination: io.stderr });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const codecs = await createTopicCodecs(
    createRegistryClient(config.registryUrl ?? '', config.registrySecurity),
    config,
  );
  const context = {
    config,
    settings,
    client: createKafka(config, logger),
    dataStream: codecs.dataStream,
    metrics: createDeliverMetrics(registry),
    logger,
    now: io.now,
    random: Math.random,
  };
  if (values.resend !== undefined) {
    const report = await resendDeadLetters(context, values.resend, new AbortController().signal);
    io.stderr.write(
      `deliver --resend: ${report.read} dead-lettered events of ${report.subscriber} sent again\n`,
    );
    return 0;
  }
  const worker = await startDeliver(context);
  let running = true;
  const server =
    port === undefined
      ? undefined
      : await startMetricsServer({
          registry,
          port: Number(port),
          health: () => ({ healthy: running, ready: running, stages: {} }),
          logger,
        });
  try {
    return await runUntilSignal(
      {
        stop: async () => {
          running = false;
          await worker.stop();
        },
        done: worker.done,
      },
      { logger },
    );
  } finally {
    await server?.close();
  }
}

export const command: CliCommand = {
  name: 'deliver',
  summary: 'push data-stream events to subscriber HTTP endpoints (signed, retried, in order)',
  usage: USAGE,
  run: (args, io) => runDeliver(args, io),
};
