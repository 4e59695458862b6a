// Export-log rows: one flat row per transaction (a message, status, call, identity change,
// preference, echo, outbound request or its send result), carrying every identifier with its
// source and the route used, for export sinks. An outbound message's rows share `requestId`:
// its request, its send result (both logged under the request id) and Meta's statuses of it
// (whose `biz_opaque_callback_data` is the request id), so a sink joins them into one row.
import type {
  Direction,
  EventType,
  NormalizedEvent,
  PhoneSource,
  WaidSource,
} from '../events/event.js';

export type RoutedVia = 'to' | 'recipient';
/** What a row is: the event's type, or REQUEST for an outbound request. */
export type RowKind = EventType | 'REQUEST';

export interface ExportLogRow {
  /** The event id, or the outbound request id (a request, and its send result). */
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
  // Since export-log v2 (null in v1 rows).
  eventType: RowKind | null;
  /** The person's stable id (identity/contact-id.ts), stamped with the data stream's. */
  contactId: string | null;
  /** The outbound request the row belongs to (see above). */
  requestId: string | null;
  previousBsuid: string | null;
  previousPhone: string | null;
  preferenceCategory: string | null;
  preferenceValue: string | null;
  /** A merge's IDENTITY_CHANGE row: the contactId it retired. */
  previousContactId: string | null;
}

/**
 * Every event that names a user is a transaction: messages, statuses, calls, identity
 * changes, preferences and echoes. An unknown field names nobody and has no row.
 */
export function isTransaction(event: NormalizedEvent): boolean {
  return event.eventType !== 'UNKNOWN';
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
    eventType: event.eventType,
    contactId: event.contactId,
    requestId: event.requestId,
    previousBsuid: event.previousBsuid,
    previousPhone: event.previousPhone,
    preferenceCategory: event.preferenceCategory,
    preferenceValue: event.preferenceValue,
    previousContactId: event.previousContactId,
  };
}
