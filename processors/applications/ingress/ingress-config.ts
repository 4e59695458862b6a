// `wa-identity ingress` settings, from the same environment as the rest (read once, every
// problem reported at once, each naming its variable). Secrets come from variables or files
// (`…_FILE`, one secret per line) and are never logged or echoed in an error.
import { WaiError } from '../../domain/errors.js';
import { Problems, intVar, type Env } from '../config.js';
import { namedSecrets } from '../secrets.js';

/** The provider routes: POST /webhooks/<route>. */
export const ROUTES = ['meta', 'twilio', '8x8', '360dialog', 'ycloud'] as const;
export type Route = (typeof ROUTES)[number];

/** How a route's requests are authenticated. */
export type RouteAuth =
  | { kind: 'meta'; secrets: readonly string[] }
  | { kind: 'twilio'; authTokens: readonly string[] }
  /** YCloud-Signature; a timestamp further than `toleranceSeconds` from now (0: any) fails. */
  | { kind: 'ycloud'; secrets: readonly string[]; toleranceSeconds: number }
  /** Explicitly opted out (WAI_INGRESS_UNSIGNED): accepted without a signature. */
  | { kind: 'unsigned' };

export interface IngressSettings {
  port: number;
  host: string;
  /** Enabled routes only; a request to another route is answered 404. */
  routes: ReadonlyMap<Route, RouteAuth>;
  /** Meta's GET handshake token (`hub.verify_token`); null: the handshake is refused. */
  verifyToken: string | null;
  /** The public base URL providers call (Twilio signs the full URL); null: from Host. */
  publicUrl: string | null;
  maxBodyBytes: number;
  maxInFlight: number;
  ackTimeoutMs: number;
}

function isRoute(name: string): name is Route {
  return (ROUTES as readonly string[]).includes(name);
}

export function loadIngressSettings(env: Env): IngressSettings {
  const p = new Problems();
  const unsigned = new Set<Route>();
  for (const name of (env['WAI_INGRESS_UNSIGNED'] ?? '').split(',').map((s) => s.trim())) {
    if (name === '') continue;
    if (isRoute(name)) unsigned.add(name);
    else p.add('WAI_INGRESS_UNSIGNED', `unknown route "${name}" (routes: ${ROUTES.join(', ')})`);
  }
  const routes = new Map<Route, RouteAuth>();
  const metaSecrets = namedSecrets(env, 'WAI_META_APP_SECRETS', 8, p);
  const twilioTokens = namedSecrets(env, 'WAI_TWILIO_AUTH_TOKENS', 8, p);
  if (metaSecrets.length > 0) routes.set('meta', { kind: 'meta', secrets: metaSecrets });
  if (twilioTokens.length > 0) routes.set('twilio', { kind: 'twilio', authTokens: twilioTokens });
  const ycloudSecrets = namedSecrets(env, 'WAI_YCLOUD_WEBHOOK_SECRETS', 8, p);
  const toleranceSeconds = intVar(env, 'WAI_YCLOUD_SIGNATURE_TOLERANCE_S', 300, 0, p);
  if (ycloudSecrets.length > 0)
    routes.set('ycloud', { kind: 'ycloud', secrets: ycloudSecrets, toleranceSeconds });
  for (const route of unsigned) {
    if (routes.has(route))
      p.add('WAI_INGRESS_UNSIGNED', `${route} has secrets configured: it cannot also be unsigned`);
    else routes.set(route, { kind: 'unsigned' });
  }
  if (routes.size === 0) {
    p.add(
      'WAI_META_APP_SECRETS',
      'no route is enabled: set WAI_META_APP_SECRETS, WAI_TWILIO_AUTH_TOKENS and/or ' +
        'WAI_YCLOUD_WEBHOOK_SECRETS, ' +
        'or list routes accepted without a signature in WAI_INGRESS_UNSIGNED',
    );
  }
  const verifyToken = env['WAI_META_VERIFY_TOKEN']?.trim() || null;
  const publicUrl = env['WAI_INGRESS_PUBLIC_URL']?.trim().replace(/\/+$/, '') || null;
  if (publicUrl !== null && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl))
    p.add('WAI_INGRESS_PUBLIC_URL', 'must be an http(s) URL, e.g. https://hooks.example.com');
  const port = intVar(env, 'WAI_INGRESS_PORT', 8080, 0, p);
  if (port > 65535) p.add('WAI_INGRESS_PORT', `must be a port number 0-65535, got ${port}`);
  const settings: IngressSettings = {
    port,
    host: env['WAI_INGRESS_HOST']?.trim() || '0.0.0.0',
    routes,
    verifyToken,
    publicUrl,
    maxBodyBytes: intVar(env, 'WAI_INGRESS_MAX_BODY_BYTES', 1024 * 1024, 1, p),
    maxInFlight: intVar(env, 'WAI_INGRESS_MAX_IN_FLIGHT', 256, 1, p),
    ackTimeoutMs: intVar(env, 'WAI_INGRESS_ACK_TIMEOUT_MS', 10_000, 100, p),
  };
  if (p.list.length > 0) {
    throw new WaiError('WAI_CONFIG', `invalid ingress configuration:\n  ${p.list.join('\n  ')}`, {
      field: p.list[0]?.split(':')[0] ?? 'WAI_INGRESS',
    });
  }
  return settings;
}
