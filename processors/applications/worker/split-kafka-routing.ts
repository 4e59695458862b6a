// What one input record of the split stage becomes on identity-events, as pure functions of
// the record's bytes and timestamp (no clock, no I/O), so the Kafka stage stays thin glue.
// Keys are the ones the in-memory resolve stage uses for the same input (resolve/step.ts
// `eventKey` / `outboundKey`, resolve/admin.ts `parseAdmin`): both runners put every item
// on the same key, so the Kafka pipeline gives the normalize CLI's records.
import { TextDecoder } from 'node:util';
import type { ErrorCode } from '../../domain/errors.js';
import { WaiError, toWaiError } from '../../domain/errors.js';
import { isObject } from '../../domain/input/json-read.js';
import { parseOutboundRequest } from '../../domain/outbound/request.js';
import { parseAdmin } from '../../domain/identity/admin.js';
import type { ResolveItem } from '../../domain/identity/commands.js';
import type { ResolverConfig } from '../../domain/identity/config.js';
import { problemMessage, type Problem } from '../../domain/input/problems.js';
import { outboundKey } from '../../domain/identity/step.js';
import { decodeDelivery } from '../../domain/webhooks/decode.js';
import type { SplitContext } from '../../domain/webhooks/split.js';
import { splitDelivery } from '../../domain/webhooks/split.js';

/** One identity-events record: keyed, or (a settings change) on one explicit partition. */
export interface RoutedItem {
  key: string;
  item: ResolveItem;
  partition?: number;
}

export interface Routed {
  items: RoutedItem[];
  /** Each one is a DLQ copy of the input record. */
  failures: WaiError[];
  /** One entry per event in an unmapped fallback portfolio (`waba:<id>`). */
  unmappedPortfolios: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(value: Buffer | null): string {
  if (value === null) throw new WaiError('WAI_BAD_INPUT', 'record has no value', { field: '$' });
  try {
    return utf8.decode(value);
  } catch (cause) {
    throw new WaiError('WAI_BAD_INPUT', 'value is not UTF-8 text', { field: '$', cause });
  }
}

function failed(err: unknown): Routed {
  return { items: [], failures: [toWaiError(err)], unmappedPortfolios: [] };
}

function rejected(code: ErrorCode, problems: readonly Problem[]): Routed {
  const error = new WaiError(code, problemMessage(problems), { field: problems[0]?.field });
  return { items: [], failures: [error], unmappedPortfolios: [] };
}

/**
 * A raw webhook delivery (JSON, or a form body as Twilio posts it). `timestamp` (the input
 * record's) is the event time of payloads that carry none.
 */
export function routeDelivery(
  value: Buffer | null,
  timestamp: number,
  split: Omit<SplitContext, 'receivedAt'>,
): Routed {
  let raw: unknown;
  try {
    raw = decodeDelivery(text(value));
  } catch (err) {
    return failed(err);
  }
  const result = splitDelivery(raw, { ...split, receivedAt: timestamp });
  return {
    items: result.events.map(({ key, event }) => ({
      key,
      item: { type: 'event', event, hops: 0 },
    })),
    failures: result.failures,
    unmappedPortfolios: result.unmappedPortfolios,
  };
}

/**
 * An outbound-requests value: a send request `{requestId, businessPhoneNumberId, waid,
 * message, portfolioId?, requestedAt?}` (also accepted wrapped as `{"outbound": …}`, the
 * NDJSON line form), or an `{"admin": …}` control value. A request without `requestedAt`
 * takes the record's timestamp. A contact-book switch goes to every one of the
 * `identityPartitions`, because each resolve partition keeps its own copy of the settings.
 */
export function routeRequest(
  value: Buffer | null,
  timestamp: number,
  config: ResolverConfig,
  identityPartitions: number,
): Routed {
  let json: unknown;
  try {
    json = JSON.parse(text(value));
  } catch (err) {
    if (err instanceof WaiError) return failed(err);
    // V8's message quotes the input, which may hold a phone: keep it out of the text.
    return failed(new WaiError('WAI_BAD_INPUT', 'not valid JSON', { field: '$', cause: err }));
  }
  if (isObject(json) && 'admin' in json) {
    const parsed = parseAdmin(json['admin']);
    if (!parsed.ok) return rejected(parsed.code, parsed.problems);
    const { key, item } = parsed.record;
    const items =
      item.type === 'setContactBook'
        ? Array.from({ length: identityPartitions }, (_, partition) => ({ key, item, partition }))
        : [{ key, item }];
    return { items, failures: [], unmappedPortfolios: [] };
  }
  const body = isObject(json) && 'outbound' in json ? json['outbound'] : json;
  const parsed = parseOutboundRequest(body, config.portfolioOf, timestamp);
  if (!parsed.ok) return rejected(parsed.code, parsed.problems);
  const { request } = parsed;
  const item: ResolveItem = { type: 'outbound', request, hops: 0 };
  return {
    items: [{ key: outboundKey(request, config), item }],
    failures: [],
    unmappedPortfolios: [],
  };
}
