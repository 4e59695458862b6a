// Plain HTTP calls to the registry's Confluent API (the config and compatibility endpoints the
// Confluent client does not cover), with the same basic auth and CA as the client: node:http
// and node:https rather than fetch, whose trust store cannot take a CA per request.
import { request as httpRequest, type Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { WaiError } from '../../domain/errors.js';
import { isUntrustedCertificate } from '../tls-errors.js';

export interface RegistrySecurity {
  readonly auth: { readonly username: string; readonly password: string } | null;
  /** PEM of the CA that signed an https registry's certificate; null: the system's. */
  readonly ca: string | null;
}

export const NO_REGISTRY_SECURITY: RegistrySecurity = { auth: null, ca: null };
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const TIMEOUT_MS = 30_000;

function refused(base: string, status: number, security: RegistrySecurity): WaiError {
  const who =
    security.auth === null
      ? 'no credentials were given (SCHEMA_REGISTRY_USERNAME, SCHEMA_REGISTRY_PASSWORD)'
      : `check SCHEMA_REGISTRY_USERNAME ("${security.auth.username}") and SCHEMA_REGISTRY_PASSWORD`;
  return new WaiError(
    'WAI_CONFIG',
    `schema registry ${base} refused access (HTTP ${status}): ${who}`,
    {
      field: 'SCHEMA_REGISTRY_USERNAME',
    },
  );
}

export function registryAgent(base: string, security: RegistrySecurity): HttpAgent | undefined {
  if (!base.startsWith('https://') || security.ca === null) return undefined;
  return new HttpsAgent({ ca: security.ca, keepAlive: true });
}

export type RegistryRequest = (
  path: string,
  init?: { method?: string; body?: string },
) => Promise<Response>;

/** Requests to `base + path`; an unreachable registry is a retriable WAI_SCHEMA error. */
export function registryRequester(
  base: string,
  security: RegistrySecurity,
  agent: HttpAgent | undefined,
): RegistryRequest {
  const send = base.startsWith('https://') ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE };
  if (security.auth !== null) {
    const { username, password } = security.auth;
    headers['authorization'] = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }
  return (path, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const req = send(
        `${base}${path}`,
        {
          method: init.method ?? 'GET',
          headers,
          timeout: TIMEOUT_MS,
          ...(agent === undefined ? {} : { agent }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status === 401 || status === 403) {
              reject(refused(base, status, security));
              return;
            }
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status }));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
      req.on('error', (cause: NodeJS.ErrnoException) =>
        reject(
          isUntrustedCertificate(cause.code)
            ? new WaiError(
                'WAI_CONFIG',
                `TLS to the schema registry ${base} failed: its certificate is not trusted (${cause.code ?? ''}): check SCHEMA_REGISTRY_CA_FILE`,
                { field: 'SCHEMA_REGISTRY_CA_FILE', cause },
              )
            : new WaiError('WAI_SCHEMA', `schema registry ${base} unreachable: ${cause.message}`, {
                cause,
                retriable: true,
              }),
        ),
      );
      req.end(init.body);
    });
}
