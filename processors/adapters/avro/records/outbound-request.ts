// OutboundRequest ↔ its identity-events record. The client's message is free-form (one key
// per message type, nested at will), so it travels as JSON text rather than as a schema.
import type { OutboundMessage, OutboundRequest } from '../../../domain/outbound/request.js';
import type { OutboundRequestV1 } from '../../../../schemas/whatsapp.identity.events-value/v1.js';
import { IDENTIFIER_KINDS, oneOf, parseJsonObject, schemaError } from './checked.js';

export function outboundRequestToAvro(r: OutboundRequest): OutboundRequestV1 {
  return {
    requestId: r.requestId,
    businessPhoneNumberId: r.businessPhoneNumberId,
    portfolioId: r.portfolioId,
    waid: r.waid,
    waidKind: r.waidKind,
    message: JSON.stringify(r.message),
    requestedAt: r.requestedAt,
  };
}

export function outboundRequestFromAvro(v: OutboundRequestV1, field: string): OutboundRequest {
  const message = parseJsonObject(v.message, `${field}.message`);
  if (typeof message['type'] !== 'string') {
    throw schemaError(`${field}.message`, 'has no message type');
  }
  return {
    requestId: v.requestId,
    businessPhoneNumberId: v.businessPhoneNumberId,
    portfolioId: v.portfolioId,
    waid: v.waid,
    waidKind: oneOf(v.waidKind, IDENTIFIER_KINDS, `${field}.waidKind`),
    message: message as OutboundMessage,
    requestedAt: v.requestedAt,
  };
}
