// `wa-identity ingress`: the webhook receiver, long-running, until SIGTERM or SIGINT.
import { toWaiError } from '../../../domain/errors.js';
import { loadConfig } from '../../config.js';
import { loadIngressSettings } from '../../ingress/ingress-config.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `usage: wa-identity ingress

Receives WhatsApp webhooks over HTTP and appends each body, byte for byte, to the input log
<prefix>input, keyed by portfolio (WAI_PORTFOLIO_MAP), with headers wai.ingress.received-at,
wai.ingress.route and wai.ingress.signature. Answers 200 only after the broker acknowledged
the record (idempotent producer, acks=all), so the provider's retry covers every failure.

routes (POST, on WAI_INGRESS_HOST:WAI_INGRESS_PORT):
  /webhooks/meta       Meta Cloud API; X-Hub-Signature-256 checked against WAI_META_APP_SECRETS
                       (several during a rotation); GET /webhooks/meta answers Meta's
                       verification handshake with WAI_META_VERIFY_TOKEN
  /webhooks/twilio     X-Twilio-Signature checked against WAI_TWILIO_AUTH_TOKENS over
                       WAI_INGRESS_PUBLIC_URL + the path (the URL Twilio calls)
  /webhooks/ycloud     YCloud-Signature (t=<unix s>,s=<hex HMAC-SHA256 of "<t>.<body>">)
                       checked against WAI_YCLOUD_WEBHOOK_SECRETS (the endpoint's signing
                       secrets); a t further than WAI_YCLOUD_SIGNATURE_TOLERANCE_S (300, 0: off)
                       from now is refused as a replay
  /webhooks/8x8, /webhooks/360dialog
                       not signature-checked by this version: enabled only when listed in
                       WAI_INGRESS_UNSIGNED (logged as a warning at start; so can ycloud be)
  GET /healthz, GET /metrics
answers: 200 appended; 400 shaped like a control record ({"outbound"}/{"admin"}); 401
signature missing or wrong; 404 route not enabled; 413 body above WAI_INGRESS_MAX_BODY_BYTES;
503 broker failed, no acknowledgement within WAI_INGRESS_ACK_TIMEOUT_MS, or more than
WAI_INGRESS_MAX_IN_FLIGHT requests waiting (with Retry-After).

environment: KAFKA_BROKERS, WAI_TOPIC_PREFIX, WAI_PORTFOLIO_MAP, WAI_INGRESS_PORT (8080),
  WAI_INGRESS_HOST (0.0.0.0), WAI_META_APP_SECRETS[_FILE], WAI_META_VERIFY_TOKEN,
  WAI_TWILIO_AUTH_TOKENS[_FILE], WAI_YCLOUD_WEBHOOK_SECRETS[_FILE],
  WAI_YCLOUD_SIGNATURE_TOLERANCE_S (300), WAI_INGRESS_PUBLIC_URL, WAI_INGRESS_UNSIGNED,
  WAI_INGRESS_MAX_BODY_BYTES (1048576), WAI_INGRESS_MAX_IN_FLIGHT (256),
  WAI_INGRESS_ACK_TIMEOUT_MS (10000), LOG_LEVEL
exit codes: 0 stopped cleanly, 1 failed, 2 usage/config error`;

export async function runIngress(args: readonly string[], io: CliIo): Promise<number> {
  parseCommandArgs('ingress', args, {});
  const config = loadConfig(io.env);
  const settings = loadIngressSettings(io.env);
  // Loaded on use: listing commands must not load Kafka clients.
  const { Registry, collectDefaultMetrics } = await import('prom-client');
  const { createLogger } = await import('../../../adapters/logging/logger.js');
  const { runUntilSignal } = await import('../../../adapters/lifecycle/shutdown.js');
  const { withTimeout } = await import('../../../adapters/lifecycle/timeout.js');
  const { openIngress } = await import('../../ingress/open-ingress.js');
  const logger = createLogger({ level: config.logLevel, destination: io.stderr });
  for (const [route, auth] of settings.routes)
    if (auth.kind === 'unsigned')
      logger.warn({ route }, 'route accepts webhooks WITHOUT a signature (WAI_INGRESS_UNSIGNED)');
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const ingress = await openIngress({ config, settings, registry, logger, now: io.now });
  const { server } = ingress;
  logger.info(
    { host: server.host, port: server.port, routes: [...settings.routes.keys()] },
    'ingress listening',
  );
  let stopped: (err?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    stopped = (err) => (err === undefined ? resolve() : reject(err));
  });
  const stop = async (): Promise<void> => {
    // Requests waiting for the broker get their answer; the provider retries the rest. The
    // producer's close can hang on a send still retrying against an unreachable broker:
    // WAI_SHUTDOWN_TIMEOUT_MS bounds the whole stop (exit 1), as for the worker.
    try {
      await withTimeout(
        ingress.close(settings.ackTimeoutMs),
        config.shutdownTimeoutMs,
        'the ingress stop',
        { code: 'WAI_SHUTDOWN_TIMEOUT' },
      );
      stopped();
    } catch (err) {
      stopped(toWaiError(err));
    }
  };
  return runUntilSignal({ stop, done }, { logger });
}

export const command: CliCommand = {
  name: 'ingress',
  summary: 'receive signed WhatsApp webhooks over HTTP and append them to the input log',
  usage: USAGE,
  run: (args, io) => runIngress(args, io),
};
