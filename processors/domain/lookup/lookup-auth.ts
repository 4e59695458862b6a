// Bearer tokens of the lookup API. Configured as JSON
// `{"<token>": {"portfolios": ["acme"] | "*", "phones": true|false}}`; a token is never
// logged or echoed, only its fingerprint (first 12 hex of its SHA-256).
import { createHash } from 'node:crypto';
import { WaiError } from '../errors.js';

export interface TokenGrant {
  /** Stable, non-secret name for logs and audit lines. */
  fingerprint: string;
  portfolios: readonly string[] | '*';
  phones: boolean;
}

export type TokenTable = ReadonlyMap<string, TokenGrant>;

export type AuthDecision =
  | { ok: true; grant: TokenGrant }
  | { ok: false; status: 401 | 403; code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string };

export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

function configError(message: string): WaiError {
  return new WaiError('WAI_CONFIG', `WAI_LOOKUP_TOKENS: ${message}`, {
    field: 'WAI_LOOKUP_TOKENS',
  });
}

function readGrant(token: string, raw: unknown): TokenGrant {
  const name = `token ${tokenFingerprint(token)}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw configError(`${name} must map to an object`);
  }
  const { portfolios, phones } = raw as Record<string, unknown>;
  const list = Array.isArray(portfolios) ? (portfolios as unknown[]) : null;
  const validList = list?.every((p) => typeof p === 'string' && p !== '') === true;
  if (portfolios !== '*' && !validList) {
    throw configError(`${name}.portfolios must be "*" or a list of portfolio ids`);
  }
  if (phones !== undefined && typeof phones !== 'boolean') {
    throw configError(`${name}.phones must be true or false`);
  }
  return {
    fingerprint: tokenFingerprint(token),
    portfolios: portfolios === '*' ? '*' : (list as string[]),
    phones: phones === true,
  };
}

/** Parses the token table; the message of any error names the field, never a token. */
export function parseTokenTable(json: string): TokenTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw configError('is not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw configError('must be a JSON object of token → grant');
  }
  const table = new Map<string, TokenGrant>();
  for (const [token, grant] of Object.entries(raw)) {
    if (token.trim().length < 16) throw configError('every token must be at least 16 characters');
    table.set(token, readGrant(token, grant));
  }
  return table;
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** 401 without a known token, 403 for a token not scoped to this portfolio. */
export function authorize(
  table: TokenTable,
  authorization: string | undefined,
  portfolioId: string,
): AuthDecision {
  const token = authorization === undefined ? undefined : BEARER_RE.exec(authorization)?.[1];
  const grant = token === undefined ? undefined : table.get(token);
  if (grant === undefined) {
    return { ok: false, status: 401, code: 'UNAUTHORIZED', message: 'missing or unknown token' };
  }
  if (grant.portfolios !== '*' && !grant.portfolios.includes(portfolioId)) {
    return {
      ok: false,
      status: 403,
      code: 'FORBIDDEN',
      message: 'token is not scoped to this portfolio',
    };
  }
  return { ok: true, grant };
}
