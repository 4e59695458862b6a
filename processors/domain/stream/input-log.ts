// The input log: one topic holding every input of the product, keyed by portfolio id, so each
// portfolio's inputs have one total order that every replay reproduces. A record's value is
// what `wa-identity normalize` reads as one NDJSON line:
//   a webhook delivery as received  (Meta / 8x8 JSON, a Twilio form body, or one as a JSON string)
//   {"outbound": {…}}                a send request
//   {"admin": {…}}                   a contact-book command
//   {"sendResult": {…}}              the Cloud API's answer to a send (the sender worker's)
// Whoever appends to the log (the demo, tests, `normalize`'s own routing, later the ingress
// and `send`) keys each record with `inputKeys`, from the same portfolio map the workers use.
// A delivery whose items belong to several portfolios is appended once per portfolio; each
// copy's worker keeps that portfolio's items. What names no portfolio goes under UNROUTED_KEY.
import { WaiError, toWaiError } from '../errors.js';
import { DEFAULT_LIMITS, deeperThan, limitExceeded, type InputLimits } from './limits.js';
import { isObject } from '../input/json-read.js';
import { parseAdmin, type AdminParse } from '../identity/admin.js';
import type { PortfolioResolver } from '../identity/config.js';
import { splitKey } from '../identity/keys.js';
import { parseOutboundRequest, type OutboundParse } from '../outbound/request.js';
import { parseSendResult, type SendResultParse } from '../outbound/send-result.js';
import { decodeDelivery } from '../webhooks/decode.js';
import { splitDelivery, type SplitContext, type SplitResult } from '../webhooks/split.js';

/** The key of records that name no portfolio (unreadable, or a request without one). */
export const UNROUTED_KEY = '~unrouted';

export type SplitSettings = Omit<SplitContext, 'receivedAt'>;

export interface RoutingSettings {
  split: SplitSettings;
  /** A send request's portfolio when it names none (the resolver's). */
  portfolioOf: PortfolioResolver;
  /** Bounds on one record's work; DEFAULT_LIMITS when absent. */
  limits?: InputLimits;
}

/** One input record read: what it is, and everything parsed from it. */
export type ReadInput =
  | { kind: 'unreadable'; error: WaiError }
  | { kind: 'outbound'; body: unknown; parse: OutboundParse }
  | { kind: 'admin'; body: unknown; parse: AdminParse }
  | { kind: 'sendResult'; body: unknown; parse: SendResultParse }
  | { kind: 'delivery'; split: SplitResult; portfolios: string[] };

/**
 * Reads one record's text. `timestamp` (the record's) is the event time of payloads without
 * one (Twilio, a request without `requestedAt`).
 */
export function readInput(text: string, timestamp: number, settings: RoutingSettings): ReadInput {
  const limits = settings.limits ?? DEFAULT_LIMITS;
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.maxRecordBytes) {
    const error = limitExceeded(
      'record of',
      `${bytes} bytes`,
      limits.maxRecordBytes,
      'WAI_MAX_RECORD_BYTES',
    );
    return { kind: 'unreadable', error };
  }
  let raw: unknown;
  try {
    raw = decodeDelivery(text);
  } catch (err) {
    return { kind: 'unreadable', error: toWaiError(err) };
  }
  if (deeperThan(raw, limits.maxDepth)) {
    const error = limitExceeded('JSON nesting', 'depth', limits.maxDepth, 'WAI_MAX_JSON_DEPTH');
    return { kind: 'unreadable', error };
  }
  if (isObject(raw) && 'outbound' in raw) {
    const body = raw['outbound'];
    return {
      kind: 'outbound',
      body,
      parse: parseOutboundRequest(body, settings.portfolioOf, timestamp),
    };
  }
  if (isObject(raw) && 'admin' in raw) {
    const body = raw['admin'];
    return { kind: 'admin', body, parse: parseAdmin(body) };
  }
  if (isObject(raw) && 'sendResult' in raw) {
    const body = raw['sendResult'];
    return { kind: 'sendResult', body, parse: parseSendResult(body) };
  }
  const split = splitDelivery(raw, { ...settings.split, receivedAt: timestamp });
  const items = split.events.length + split.failures.length;
  if (items > limits.maxItems) {
    const error = limitExceeded(
      'delivery of',
      `${items} items`,
      limits.maxItems,
      'WAI_MAX_ITEMS_PER_RECORD',
    );
    return { kind: 'unreadable', error };
  }
  return { kind: 'delivery', split, portfolios: portfoliosOf(split) };
}

function portfoliosOf(split: SplitResult): string[] {
  return [...new Set(split.events.map((e) => e.event.portfolioId))];
}

/** The portfolio an input belongs to: its first one for a delivery of several. */
export function homeKey(input: ReadInput): string {
  switch (input.kind) {
    case 'unreadable':
      return UNROUTED_KEY;
    case 'outbound':
      return input.parse.ok ? input.parse.request.portfolioId : UNROUTED_KEY;
    case 'admin': {
      const key = input.parse.ok ? input.parse.record.key : input.parse.key;
      return key === null ? UNROUTED_KEY : splitKey(key).portfolioId;
    }
    case 'sendResult':
      return input.parse.ok ? input.parse.result.portfolioId : UNROUTED_KEY;
    case 'delivery':
      return input.portfolios[0] ?? UNROUTED_KEY;
  }
}

/** The keys a writer appends an input under: one per portfolio it holds items of. */
export function inputKeys(input: ReadInput): string[] {
  return input.kind === 'delivery' && input.portfolios.length > 1
    ? input.portfolios
    : [homeKey(input)];
}

/**
 * An input under a key it does not belong to (another writer's portfolio map, or none): its
 * worker may not own that portfolio's state. Unreadable inputs belong nowhere; they are kept
 * (DLQ) under whatever key they came.
 */
export function misrouted(input: ReadInput, key: string): WaiError | null {
  const owners =
    input.kind === 'delivery'
      ? input.portfolios
      : (input.kind === 'outbound' || input.kind === 'admin' || input.kind === 'sendResult') &&
          input.parse.ok
        ? [homeKey(input)]
        : [];
  if (owners.length === 0 || owners.includes(key)) return null;
  return new WaiError(
    'WAI_MISROUTED',
    `record keyed ${key} belongs to ${owners.join(', ')}: ` +
      "the input log is keyed by portfolio, with the workers' portfolio map",
    { field: 'key' },
  );
}
