// The Meta Cloud API body of a send (`POST /<PHONE_NUMBER_ID>/messages`): the client's
// message with `messaging_product` and exactly one of `to` (phone) or `recipient` (BSUID).
import { isObject } from '../input/json-read.js';
import type { OutboundMessage } from './request.js';

export type Route = { via: 'to'; to: string } | { via: 'recipient'; recipient: string };

export type MetaMessageBody = {
  messaging_product: 'whatsapp';
  type: string;
  to?: string;
  recipient?: string;
} & Record<string, unknown>;

/** The value of an `outbound` record: the send the adapter makes for `businessPhoneNumberId`. */
export interface OutboundRecord {
  requestId: string;
  businessPhoneNumberId: string;
  portfolioId: string;
  /** The request's event time. */
  requestedAt: number;
  body: MetaMessageBody;
}

export function metaMessageBody(message: OutboundMessage, route: Route): MetaMessageBody {
  const address = route.via === 'to' ? { to: route.to } : { recipient: route.recipient };
  const content: Record<string, unknown> = { ...message };
  const template = content['template'];
  if (isObject(template) && 'category' in template) {
    const { category: _ourFlag, ...metaTemplate } = template;
    content['template'] = metaTemplate;
  }
  return { messaging_product: 'whatsapp', ...address, ...content, type: message.type };
}
