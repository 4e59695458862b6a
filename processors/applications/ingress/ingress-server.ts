// The webhook ingress: receives provider webhooks and appends each body, byte for byte, to the
// input log, keyed by portfolio. Per request, in this order: the route must be enabled; a
// bounded number of requests may wait for the broker (else 503); the body is read up to its
// cap (else 413); the signature is checked before the body is parsed (else 401); a body shaped
// like one of the log's control records ({"outbound"}, {"admin"}) is refused (400), so no
// webhook can command the contact book; then 200 only after the broker acknowledged every
// record (idempotent producer, acks=all), 503 when it failed or missed the deadline.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import {
  checkMetaSignature,
  checkTwilioSignature,
  checkYCloudSignature,
} from '../../domain/webhooks/signatures.js';
import type { SignatureCheck } from '../../domain/webhooks/signatures.js';
import { inputKeys, readInput, type RoutingSettings } from '../../domain/stream/input-log.js';
import type { OutputRecord } from '../../adapters/kafka/index.js';
import {
  readBody,
  reply,
  startHttpServer,
  type HttpServer,
} from '../../adapters/http/http-server.js';
import type { IngressMetrics, IngressOutcome } from '../../adapters/metrics/ingress-metrics.js';
import type { Logger } from '../../adapters/logging/logger.js';
import type { Appender } from './appender.js';
import { ROUTES, type IngressSettings, type Route, type RouteAuth } from './ingress-config.js';

/** Headers the ingress adds to every record it appends. */
export const INGRESS_HEADERS = {
  receivedAt: 'wai.ingress.received-at',
  route: 'wai.ingress.route',
  signature: 'wai.ingress.signature',
} as const;

export interface IngressOptions {
  settings: IngressSettings;
  inputTopic: string;
  routing: RoutingSettings;
  appender: Appender;
  metrics: IngressMetrics;
  /** Served at GET /metrics. */
  registry: Registry;
  logger: Logger;
  /** Epoch ms; the record time of what is appended. */
  now: () => number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** How long /ready says 503 after an append failed (unless one succeeds before). */
const READY_AFTER_FAILURE_MS = 5000;

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function routeOf(path: string): Route | null {
  const m = /^\/webhooks\/([^/]+)\/?$/.exec(path);
  const name = m?.[1];
  return name !== undefined && (ROUTES as readonly string[]).includes(name)
    ? (name as Route)
    : null;
}

function checkSignature(
  auth: RouteAuth,
  req: IncomingMessage,
  body: Buffer,
  publicUrl: string | null,
  now: number,
): SignatureCheck | 'unsigned' {
  const header = (name: string): string | undefined => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  switch (auth.kind) {
    case 'meta':
      return checkMetaSignature(body, header('x-hub-signature-256'), auth.secrets);
    case 'twilio': {
      // Twilio signs the URL it called: the public one, or as this server was addressed.
      const base = publicUrl ?? `http://${header('host') ?? 'localhost'}`;
      const params = [...new URLSearchParams(utf8.decode(body))];
      return checkTwilioSignature(
        base + (req.url ?? ''),
        params,
        header('x-twilio-signature'),
        auth.authTokens,
      );
    }
    case 'ycloud':
      return checkYCloudSignature(body, header('ycloud-signature'), auth.secrets, {
        nowSeconds: Math.floor(now / 1000),
        toleranceSeconds: auth.toleranceSeconds,
      });
    case 'unsigned':
      return 'unsigned';
  }
}

export function ingressHandler(o: IngressOptions) {
  let inFlight = 0;
  let brokerFailedAt = Number.NEGATIVE_INFINITY;
  const started = new WeakMap<IncomingMessage, number>();
  const done = (
    req: IncomingMessage,
    res: ServerResponse,
    route: string,
    outcome: IngressOutcome,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void => {
    reply(res, status, body, 'text/plain; charset=utf-8', headers);
    o.metrics.request(
      route,
      outcome,
      (performance.now() - (started.get(req) ?? performance.now())) / 1000,
    );
  };

  const handshake = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const mode = url.searchParams.get('hub.mode');
    const token = url.searchParams.get('hub.verify_token') ?? '';
    const challenge = url.searchParams.get('hub.challenge') ?? '';
    const expected = o.settings.verifyToken;
    if (mode === 'subscribe' && expected !== null && sameSecret(token, expected)) {
      done(req, res, 'meta', 'verified', 200, challenge);
      return;
    }
    o.logger.warn(
      { route: 'meta' },
      'webhook verification refused: wrong or missing hub.verify_token',
    );
    done(req, res, 'meta', 'unauthorized', 403, 'verification refused\n');
  };

  const deliver = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    auth: RouteAuth,
  ): Promise<void> => {
    if (inFlight >= o.settings.maxInFlight) {
      done(req, res, route, 'unavailable', 503, 'too many requests in flight\n', {
        'retry-after': '1',
      });
      return;
    }
    inFlight += 1;
    o.metrics.inFlight(inFlight);
    try {
      const read = await readBody(req, o.settings.maxBodyBytes);
      if (!read.ok) {
        done(req, res, route, 'too_large', 413, `body above ${o.settings.maxBodyBytes} bytes\n`, {
          connection: 'close',
        });
        return;
      }
      const signature = checkSignature(auth, req, read.body, o.settings.publicUrl, o.now());
      if (signature === 'missing' || signature === 'invalid') {
        o.logger.warn({ route, signature }, 'webhook refused: signature ' + signature);
        done(req, res, route, 'unauthorized', 401, `signature ${signature}\n`);
        return;
      }
      const receivedAt = o.now();
      const input = readInput(utf8.decode(read.body), receivedAt, o.routing);
      if (input.kind === 'outbound' || input.kind === 'admin' || input.kind === 'sendResult') {
        o.logger.warn({ route, kind: input.kind }, 'webhook refused: shaped like a control record');
        done(
          req,
          res,
          route,
          'rejected',
          400,
          `not a webhook delivery: {"${input.kind}": …} is a control record\n`,
        );
        return;
      }
      const headers = {
        [INGRESS_HEADERS.receivedAt]: String(receivedAt),
        [INGRESS_HEADERS.route]: route,
        [INGRESS_HEADERS.signature]: signature,
      };
      const records = inputKeys(input).map((key): OutputRecord => ({
        topic: o.inputTopic,
        key,
        value: read.body,
        timestamp: receivedAt,
        headers,
      }));
      try {
        await o.appender.append(records);
      } catch (err) {
        brokerFailedAt = performance.now();
        o.logger.error({ route, err }, 'append to the input log failed: answering 503');
        done(req, res, route, 'unavailable', 503, 'input log unavailable, retry later\n', {
          'retry-after': '5',
        });
        return;
      }
      brokerFailedAt = Number.NEGATIVE_INFINITY;
      done(req, res, route, 'accepted', 200, 'ok\n');
    } finally {
      inFlight -= 1;
      o.metrics.inFlight(inFlight);
    }
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    started.set(req, performance.now());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz') {
      reply(res, 200, '{"status":"ok"}\n', 'application/json');
      return;
    }
    // Ready unless the last append failed in the last READY_AFTER_FAILURE_MS (a load balancer
    // then prefers another replica; Meta's retries cover what was refused meanwhile).
    if (req.method === 'GET' && url.pathname === '/ready') {
      const ready = performance.now() - brokerFailedAt > READY_AFTER_FAILURE_MS;
      const body = ready ? '{"status":"ok"}\n' : '{"status":"unavailable","reason":"broker"}\n';
      reply(res, ready ? 200 : 503, body, 'application/json');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/metrics') {
      reply(res, 200, await o.registry.metrics(), o.registry.contentType);
      return;
    }
    const route = routeOf(url.pathname);
    const auth = route === null ? undefined : o.settings.routes.get(route);
    if (route === null || auth === undefined) {
      done(req, res, 'unknown', 'not_found', 404, 'no such webhook route\n');
      return;
    }
    if (req.method === 'GET' && route === 'meta') {
      handshake(req, res, url);
      return;
    }
    if (req.method !== 'POST') {
      done(req, res, route, 'not_found', 405, 'method not allowed\n', {
        allow: route === 'meta' ? 'GET, POST' : 'POST',
      });
      return;
    }
    await deliver(req, res, route, auth);
  };
}

export function startIngress(o: IngressOptions): Promise<HttpServer> {
  return startHttpServer({
    port: o.settings.port,
    host: o.settings.host,
    handler: ingressHandler(o),
    what: 'ingress',
    portSetting: 'WAI_INGRESS_PORT',
    logger: o.logger,
  });
}
