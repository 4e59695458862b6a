// Export-log rows: one flat row per transaction (inbound message, status, outbound request),
// carrying every identifier with its source and the route used, for export sinks.
import type { Direction, NormalizedEvent, PhoneSource, WaidSource } from '../events/event.js';

export type RoutedVia = 'to' | 'recipient';

export interface ExportLogRow {
  /** The event id, or the outbound request id. */
  logId: string;
  /** Event time (the webhook's time, or the request's), never the processing time. */
  loggedAt: number;
  direction: Direction;
  portfolioId: string;
  businessPhoneNumberId: string | null;
  waid: string | null;
  waidSource: WaidSource;
  phone: string | null;
  phoneSource: PhoneSource;
  bsuid: string | null;
  parentBsuid: string | null;
  userHandle: string | null;
  messageId: string | null;
  messageType: string | null;
  /** Webhook status (sent, delivered, read, failed), or accepted / rejected for requests. */
  status: string | null;
  errorCode: string | null;
  /** Outbound requests only: which Meta field addressed the user. */
  routedVia: RoutedVia | null;
}

/** Messages and statuses are transactions; identity changes and preferences are not. */
export function isTransaction(event: NormalizedEvent): boolean {
  return event.eventType === 'MESSAGE' || event.eventType === 'STATUS';
}

/** Built from the already-masked event, so the row can never show more than the stream. */
export function eventLogRow(event: NormalizedEvent): ExportLogRow {
  return {
    logId: event.eventId,
    loggedAt: event.occurredAt,
    direction: event.direction,
    portfolioId: event.portfolioId,
    businessPhoneNumberId: event.businessPhoneNumberId,
    waid: event.waid,
    waidSource: event.waidSource,
    phone: event.phone,
    phoneSource: event.phoneSource,
    bsuid: event.bsuid,
    parentBsuid: event.parentBsuid,
    userHandle: event.userHandle,
    messageId: event.messageId,
    messageType: event.messageType,
    status: event.status,
    errorCode: event.errorCode,
    routedVia: null,
  };
}
