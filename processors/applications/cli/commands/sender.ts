// `wa-identity sender`: sends the outbound requests (`outbound.results`) through the WhatsApp
// Cloud API and records each answer in the input log, until SIGTERM or SIGINT.
import { loadConfig } from '../../config.js';
import { loadSenderSettings } from '../../sender/sender-config.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity sender

Reads every outbound request the workers routed (<prefix>outbound.results, read_committed)
and sends it: POST {WAI_CLOUD_API_URL}/{WAI_CLOUD_API_VERSION}/{phone-number-id}/messages
with the access token, the request id as biz_opaque_callback_data (Meta echoes it in the
message's status webhooks). Each answer is appended to the input log as {"sendResult": …},
keyed by portfolio, so the workers apply it in order: Meta's message id and contacts[]
(wa_id, user_id: evidence linking phone and BSUID), or the error (e.g. 131062) with the
request id; the export log then has the request's row and its outcome under the request id.

Once per request id, across restarts: a ledger (<prefix>sender.ledger, compacted) marks a
request attempted before the call and done with its outcome (one transaction). A request
found attempted but not done (a crash or timeout mid-call) is reported UNKNOWN, never sent
again. Paced per business number (WAI_SENDER_MPS); a throttled send (130429, 131056, 80007,
4, 613, or the API unreachable) waits (exponential backoff, Retry-After) and is tried again,
up to WAI_SENDER_MAX_ATTEMPTS; any other refusal is the outcome (FAILED with Meta's code).

environment: WAI_CLOUD_API_TOKEN or WAI_CLOUD_API_TOKEN_FILE (required, never logged),
  WAI_CLOUD_API_URL (https://graph.facebook.com), WAI_CLOUD_API_VERSION (v23.0),
  WAI_SENDER_MPS (20), WAI_SENDER_TIMEOUT_MS (15000), WAI_SENDER_MAX_ATTEMPTS (6),
  WAI_SENDER_BACKOFF_MS (1000), WAI_SENDER_BACKOFF_MAX_MS (60000), KAFKA_BROKERS,
  SCHEMA_REGISTRY_URL, WAI_APP_ID, WAI_TOPIC_PREFIX, WAI_PORTFOLIO_MAP
exit codes: 0 stopped cleanly, 1 failed, 2 usage/config error`;

export async function runSender(args: readonly string[], io: CliIo): Promise<number> {
  parseCommandArgs('sender', args, {});
  const config = loadConfig(io.env);
  const settings = loadSenderSettings(io.env);
  const { createKafka } = await import('../../../adapters/kafka/index.js');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { runUntilSignal } = await import('../../../adapters/lifecycle/shutdown.js');
  const { createRegistryClient } = await import('../../../adapters/avro/registry.js');
  const { createTopicCodecs } = await import('../../../adapters/avro/topic-codecs.js');
  const { startSender } = await import('../../sender/sender-worker.js');
  const logger = createLogger({ level: config.logLevel, destination: io.stderr });
  const codecs = await createTopicCodecs(
    createRegistryClient(config.registryUrl ?? '', config.registrySecurity),
    config,
  );
  const worker = await startSender({
    config,
    settings,
    client: createKafka(config, logger),
    decode: (bytes) => codecs.outboundResults.decode(bytes),
    logger,
    now: io.now,
    random: Math.random,
  });
  return runUntilSignal({ stop: () => worker.stop(), done: worker.done }, { logger });
}

export const command: CliCommand = {
  name: 'sender',
  summary: 'send outbound requests through the WhatsApp Cloud API, once each, answers recorded',
  usage: USAGE,
  run: (args, io) => runSender(args, io),
};
