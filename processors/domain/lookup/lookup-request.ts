// One lookup request, transport-free: path + Authorization header in, status + JSON out.
// The caller supplies `find`, which reads committed state only and says when the owning
// partition is not servable (restoring or unowned) so the answer is a 503, never a guess.
import type { ContactEntry } from '../identity/entry.js';
import { authorize } from './lookup-auth.js';
import type { TokenGrant, TokenTable } from './lookup-auth.js';
import { decodeSegment, parseLookupId } from './lookup-id.js';
import type { LookupId } from './lookup-id.js';
import { buildLookupResponse } from './lookup-response.js';
import type { LookupEvidence } from './lookup-response.js';

export type FindResult =
  | { state: 'found'; entry: ContactEntry; evidence: LookupEvidence }
  | { state: 'missing' }
  | { state: 'unavailable'; retryAfterSeconds: number }
  /** Another worker owns the portfolio's partition: the caller may forward the request. */
  | { state: 'elsewhere'; partition: number };

export interface LookupAnswer {
  status: number;
  body: unknown;
  retryAfterSeconds?: number;
  /** Set with a 503 when another worker owns this partition: forward there if you can. */
  forwardTo?: number;
  /** Set when a phone was revealed: who, where, which key (never the phone). */
  audit?: { token: string; portfolioId: string; key: string };
}

export interface LookupDeps {
  tokens: TokenTable;
  find: (portfolioId: string, id: LookupId) => FindResult;
  windowMs: number;
  now: () => number;
  servedBy: string;
}

const PATH_RE = /^\/v1\/contacts\/([^/]+)\/([^/]+)$/;

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

function fail(status: number, code: string, message: string): LookupAnswer {
  return { status, body: errorBody(code, message) };
}

/** Null when the path is not a contact lookup (the server answers 404 itself). */
export function matchLookupPath(path: string): { portfolioId: string; rawId: string } | null {
  const m = PATH_RE.exec(path);
  const portfolioId = m?.[1] === undefined ? null : decodeSegment(m[1]);
  return m?.[2] === undefined || portfolioId === null ? null : { portfolioId, rawId: m[2] };
}

function answerFound(found: FindResult & { state: 'found' }, grant: TokenGrant, deps: LookupDeps) {
  const body = buildLookupResponse(found.entry, found.evidence, {
    revealPhones: grant.phones,
    windowMs: deps.windowMs,
    now: deps.now(),
    servedBy: deps.servedBy,
  });
  const answer: LookupAnswer = { status: 200, body };
  if (body.phoneRevealed) {
    answer.audit = { token: grant.fingerprint, portfolioId: body.portfolioId, key: body.key };
  }
  return answer;
}

export function answerLookup(
  deps: LookupDeps,
  portfolioId: string,
  rawId: string,
  authorization: string | undefined,
): LookupAnswer {
  const auth = authorize(deps.tokens, authorization, portfolioId);
  if (!auth.ok) return fail(auth.status, auth.code, auth.message);
  const decoded = decodeSegment(rawId);
  const id = decoded === null ? null : parseLookupId(decoded);
  if (id === null) return fail(400, 'BAD_ID', 'id must be a BSUID, a phone or an @username');
  const found = deps.find(portfolioId, id);
  if (found.state === 'missing') return fail(404, 'NOT_FOUND', 'no such contact');
  if (found.state === 'elsewhere') {
    return {
      ...fail(503, 'UNAVAILABLE', 'the owning partition is served by another worker'),
      retryAfterSeconds: 1,
      forwardTo: found.partition,
    };
  }
  if (found.state === 'unavailable') {
    return {
      ...fail(503, 'UNAVAILABLE', 'the owning partition is restoring or unassigned'),
      retryAfterSeconds: found.retryAfterSeconds,
    };
  }
  return answerFound(found, auth.grant, deps);
}
