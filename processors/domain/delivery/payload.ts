// The JSON body subscribers receive for one data-stream event: a small versioned envelope
// around the event exactly as the data stream carries it (phones already masked by Meta's
// rules). Documented by docs/webhooks/event-v1.schema.json; a receiver de-duplicates on
// `id` (the event id, the same on every redelivery).
import type { NormalizedEvent } from '../events/event.js';

export const WEBHOOK_VERSION = 'wai.webhook.v1';

export interface WebhookPayload {
  version: typeof WEBHOOK_VERSION;
  id: string;
  type: NormalizedEvent['eventType'];
  /** ISO-8601 UTC of the event's own time. */
  occurredAt: string;
  portfolioId: string;
  event: NormalizedEvent;
}

export function webhookPayload(event: NormalizedEvent): WebhookPayload {
  return {
    version: WEBHOOK_VERSION,
    id: event.eventId,
    type: event.eventType,
    occurredAt: new Date(event.occurredAt).toISOString(),
    portfolioId: event.portfolioId,
    event,
  };
}
