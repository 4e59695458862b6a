// One row per outbound message in an export file. The export log is a log: an outbound
// message has several rows, appended as they happen, that share its request id (`requestId`):
// the request (routedVia, the message type), its send result (Meta's message id, or the
// refusal's error code) and Meta's statuses of the message (sent, delivered, read, failed),
// which carry the request id because the sender passes it as `biz_opaque_callback_data`.
// A file joins them into one row, keyed and identified by the request id. The rows may sit
// on different partitions (a request keyed by phone, a status by BSUID), whose interleaving
// in a read is arbitrary, so the join depends on the rows only, ordered by event time
// (`loggedAt`, then `logId`), never on the order they were read in:
//   loggedAt, recordTime  the earliest row's (the request's, when it is in the window)
//   routedVia, messageType, businessPhoneNumberId  the request's, else the first that has one
//   messageId             the first row that has one (the send result's, or a status's)
//   status, errorCode     Meta's latest status of the message, else the send result's outcome,
//                         else the request's (accepted / rejected)
//   bsuid, parentBsuid, userHandle, contactId  the latest row that has one
//   phone (with phoneSource, waid, waidSource)  the request's if it shows one, else the first
//                         row that shows one: a joined row never shows a phone none of its
//                         rows showed
// Rows without a request id pass through unchanged. Joined rows are written after the
// window's other rows, in the order their requests first appeared; a message whose statuses
// come in a later window gets a joined row in that window's file too.
import type { ExportLogRow } from '../../domain/identity/export-log.js';

export interface TimedRow {
  row: ExportLogRow;
  recordTime: number;
}

export class RequestJoin {
  private readonly groups = new Map<string, TimedRow[]>();

  /** The row to write now, or null when it belongs to a request's joined row. */
  add(entry: TimedRow): TimedRow | null {
    const id = entry.row.requestId;
    if (id === null) return entry;
    const group = this.groups.get(id);
    if (group === undefined) this.groups.set(id, [entry]);
    else group.push(entry);
    return null;
  }

  /** One row per request id, in the order the requests first appeared. */
  joined(): TimedRow[] {
    return [...this.groups.entries()].map(([id, rows]) => joinRows(id, rows));
  }
}

/** A status webhook of the message (the request and its send result are logged under its id). */
const isMetaStatus = (row: ExportLogRow): boolean => row.logId !== row.requestId;

const byTime = (a: ExportLogRow, b: ExportLogRow): number =>
  a.loggedAt - b.loggedAt || (a.logId < b.logId ? -1 : a.logId > b.logId ? 1 : 0);

function firstOf<T>(rows: readonly ExportLogRow[], pick: (r: ExportLogRow) => T | null): T | null {
  for (const r of rows) {
    const v = pick(r);
    if (v !== null) return v;
  }
  return null;
}

export function joinRows(requestId: string, entries: readonly TimedRow[]): TimedRow {
  const rows = entries.map((e) => e.row).sort(byTime);
  const [earliest] = rows;
  if (earliest === undefined) throw new Error(`no rows to join for request ${requestId}`);
  const latestFirst = [...rows].reverse();
  const request = rows.find((r) => r.eventType === 'REQUEST');
  const base = request ?? earliest;
  const ordered = request === undefined ? rows : [request, ...rows];
  const statusRows = rows.filter(isMetaStatus);
  const withStatus = (statusRows.length > 0 ? statusRows : rows).at(-1) ?? base;
  const shown = base.phone !== null ? base : (rows.find((r) => r.phone !== null) ?? base);
  const row: ExportLogRow = {
    ...base,
    logId: requestId,
    loggedAt: earliest.loggedAt,
    businessPhoneNumberId: firstOf(ordered, (r) => r.businessPhoneNumberId),
    waid: shown.waid,
    waidSource: shown.waidSource,
    phone: shown.phone,
    phoneSource: shown.phoneSource,
    bsuid: firstOf(latestFirst, (r) => r.bsuid),
    parentBsuid: firstOf(latestFirst, (r) => r.parentBsuid),
    userHandle: firstOf(latestFirst, (r) => r.userHandle),
    contactId: firstOf(latestFirst, (r) => r.contactId),
    messageId: firstOf(rows, (r) => r.messageId),
    messageType: firstOf(ordered, (r) => r.messageType),
    status: withStatus.status,
    errorCode: withStatus.errorCode,
    routedVia: firstOf(ordered, (r) => r.routedVia),
    requestId,
  };
  return { row, recordTime: Math.min(...entries.map((e) => e.recordTime)) };
}
