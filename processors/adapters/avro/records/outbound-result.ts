// A routed send ↔ outbound results v1. The body goes as JSON text (its fields depend on the
// message type); `routedVia` is derived from the body, which must address the user with
// exactly one of `to` (phone) or `recipient` (BSUID).
import type { MetaMessageBody, OutboundRecord } from '../../../domain/outbound/body.js';
import type { RoutedVia } from '../../../domain/identity/export-log.js';
import type { OutboundMessageV1 } from '../../../../schemas/whatsapp.outbound.results-value/v1.js';
import { WaiError } from '../../../domain/errors.js';
import { ROUTES, oneOf, parseJsonObject, schemaError } from './checked.js';

/** What the outbound results topic holds: the routed send. */
export type OutboundResult = OutboundRecord;

/** `to` or `recipient`, whichever the body carries; null unless exactly one is set. */
export function routeOfBody(body: Record<string, unknown>): RoutedVia | null {
  const to = typeof body['to'] === 'string';
  const recipient = typeof body['recipient'] === 'string';
  if (to === recipient) return null;
  return to ? 'to' : 'recipient';
}

export function outboundResultToAvro(result: OutboundResult): OutboundMessageV1 {
  const routedVia = routeOfBody(result.body);
  if (routedVia === null) {
    // The stage builds every body with one address; anything else is a bug, not input.
    throw new WaiError(
      'WAI_INTERNAL',
      `outbound ${result.requestId}: the body must carry exactly one of to / recipient`,
    );
  }
  return {
    requestId: result.requestId,
    portfolioId: result.portfolioId,
    businessPhoneNumberId: result.businessPhoneNumberId,
    routedVia,
    body: JSON.stringify(result.body),
    requestedAt: result.requestedAt,
  };
}

export function outboundResultFromAvro(v: OutboundMessageV1): OutboundResult {
  const body = parseJsonObject(v.body, 'outbound.body');
  const routedVia = oneOf(v.routedVia, ROUTES, 'outbound.routedVia');
  if (routeOfBody(body) !== routedVia) {
    throw schemaError('outbound.routedVia', `is ${routedVia} but the body does not say so alone`);
  }
  if (body['messaging_product'] !== 'whatsapp' || typeof body['type'] !== 'string') {
    throw schemaError('outbound.body', 'is not a Cloud API message (messaging_product, type)');
  }
  return {
    requestId: v.requestId,
    businessPhoneNumberId: v.businessPhoneNumberId,
    body: body as MetaMessageBody,
    portfolioId: v.portfolioId,
    requestedAt: v.requestedAt,
  };
}
