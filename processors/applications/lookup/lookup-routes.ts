// The lookup API on a worker's HTTP endpoint, Kafka Streams' interactive queries as the model:
// `GET /v1/contacts/{portfolioId}/{id}` answered from the state this worker already holds for
// the partition the portfolio lives on, or through that partition's owner (found from the
// consumer group's assignment, owner-directory.ts), forwarded once with the caller's token;
// `GET /v1/openapi.json`; the identity explorer page under `/explorer`. Tokens are checked
// and the id is parsed before anything is read or forwarded. Every answer that reveals a
// phone is logged as an audit event (the token's fingerprint, the portfolio and the key:
// never the phone), by the worker that answered.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { TokenTable } from '../../domain/lookup/lookup-auth.js';
import { findContact, lookupEvidence } from '../../domain/lookup/find-contact.js';
import type { LookupId } from '../../domain/lookup/lookup-id.js';
import {
  answerLookup,
  errorBody,
  matchLookupPath,
  type FindResult,
  type LookupAnswer,
} from '../../domain/lookup/lookup-request.js';
import { partitionForKey } from '../../adapters/kafka/index.js';
import type { Logger } from '../../adapters/logging/logger.js';
import type { LookupMetrics, LookupServedBy } from '../../adapters/metrics/index.js';
import { packageRoot } from '../../adapters/package-root.js';
import type { ContactsAccess } from '../worker/start-pipeline.js';
import { serveExplorer } from './explorer/serve-explorer-default.js';

/** Set on a forwarded request: its receiver answers itself or says 503, never forwards on. */
export const FORWARDED_HEADER = 'x-wai-forwarded-by';

export interface LookupRoutesOptions {
  tokens: TokenTable;
  /** The running worker's state and group; undefined while it starts (lookups get 503). */
  target: () => ContactsAccess | undefined;
  /** This worker's advertised endpoint, so it never forwards to itself (known once listening). */
  self: () => string;
  /** This worker's instance id, in every answer it gives (`servedBy`). */
  servedBy: string;
  logger: Logger;
  metrics?: LookupMetrics;
  now?: () => number;
  /** Deadline of a forwarded request (default 5 s). */
  forwardTimeoutMs?: number;
}

export type Routes = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const openApiText = (): string =>
  readFileSync(join(packageRoot(), 'processors', 'domain', 'lookup', 'openapi.json'), 'utf8');

function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

function headersOf(answer: LookupAnswer): Record<string, string> {
  const headers: Record<string, string> = {};
  if (answer.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(answer.retryAfterSeconds);
  }
  if (answer.status === 401) headers['www-authenticate'] = 'Bearer';
  return headers;
}

const unavailable = (why: string): LookupAnswer => ({
  status: 503,
  body: errorBody('UNAVAILABLE', why),
  retryAfterSeconds: 1,
});

export function lookupRoutes(o: LookupRoutesOptions): Routes {
  const openApi = openApiText();
  const now = o.now ?? Date.now;
  const timeoutMs = o.forwardTimeoutMs ?? 5000;

  /** Reads this worker's state for the partition the portfolio lives on. */
  function find(contacts: ContactsAccess, portfolioId: string, id: LookupId): FindResult {
    const partition = partitionForKey(portfolioId, contacts.partitions);
    const view = contacts.view(partition);
    if (view.state === 'not-owned') return { state: 'elsewhere', partition };
    if (view.state === 'restoring') return { state: 'unavailable', retryAfterSeconds: 2 };
    const entry = findContact(view.contacts, portfolioId, id, contacts.resolver.hashPhone);
    return entry === null
      ? { state: 'missing' }
      : { state: 'found', entry, evidence: lookupEvidence(entry) };
  }

  async function forward(
    target: ContactsAccess,
    partition: number,
    req: IncomingMessage,
  ): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    for (const fresh of [false, true]) {
      const owner = await target.owners.ownerOf(partition, { fresh }).catch(() => null);
      if (owner?.endpoint == null || owner.endpoint === o.self()) continue;
      try {
        const answer = await fetch(`${owner.endpoint}${req.url ?? ''}`, {
          headers: {
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
            [FORWARDED_HEADER]: o.self(),
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
        const headers: Record<string, string> = {};
        const retryAfter = answer.headers.get('retry-after');
        if (retryAfter !== null) headers['retry-after'] = retryAfter;
        return { status: answer.status, body: await answer.text(), headers };
      } catch (err) {
        o.logger.warn({ err, partition, owner: owner.instance }, 'lookup owner did not answer');
      }
    }
    const answer = unavailable(`the owner of partition ${partition} is not reachable`);
    return { status: 503, body: JSON.stringify(answer.body), headers: headersOf(answer) };
  }

  async function contacts(
    req: IncomingMessage,
    res: ServerResponse,
    path: { portfolioId: string; rawId: string },
  ): Promise<LookupServedBy> {
    const target = o.target();
    if (target === undefined) {
      const answer = unavailable('the worker is starting');
      sendJson(res, 503, JSON.stringify(answer.body), headersOf(answer));
      return 'local';
    }
    const answer = answerLookup(
      {
        tokens: o.tokens,
        find: (portfolioId, id) => find(target, portfolioId, id),
        windowMs: target.resolver.recentInteractionWindowMs,
        now,
        servedBy: o.servedBy,
      },
      path.portfolioId,
      path.rawId,
      req.headers.authorization,
    );
    // Forwarded once: a worker that is asked by another and does not own it answers 503.
    if (answer.forwardTo !== undefined && req.headers[FORWARDED_HEADER] === undefined) {
      const relayed = await forward(target, answer.forwardTo, req);
      sendJson(res, relayed.status, relayed.body, relayed.headers);
      return 'forwarded';
    }
    if (answer.audit !== undefined) {
      const { token, portfolioId, key } = answer.audit;
      o.logger.info(
        { audit: 'lookup.phone_revealed', tokenFingerprint: token, portfolioId, key },
        'audit: phone revealed',
      );
    }
    sendJson(res, answer.status, JSON.stringify(answer.body), headersOf(answer));
    return 'local';
  }

  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (serveExplorer(req, res)) return true;
    const lookup = matchLookupPath(path);
    if (path !== '/v1/openapi.json' && lookup === null) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, JSON.stringify(errorBody('METHOD', 'only GET')), { allow: 'GET' });
      return true;
    }
    if (lookup === null) {
      sendJson(res, 200, openApi);
      return true;
    }
    const started = process.hrtime.bigint();
    const servedBy = await contacts(req, res, lookup);
    o.metrics?.request(res.statusCode, servedBy, Number(process.hrtime.bigint() - started) / 1e9);
    return true;
  };
}
