// One row per outbound message in an export file. The export log is a log: an outbound
// message has several rows, appended as they happen, that share its request id (`requestId`):
// the request (routedVia, the message type), its send result (Meta's message id, or the
// refusal's error code) and Meta's statuses of the message (sent, delivered, read, failed),
// which carry the request id because the sender passes it as `biz_opaque_callback_data`.
// A file joins them into one row, keyed and identified by the request id:
//   loggedAt, recordTime  the first row's (the request's, when it is in the window)
//   messageId, routedVia, messageType, businessPhoneNumberId  the first row that has one
//   status, errorCode     Meta's latest status of the message (event time; a tie: the one
//                         later in the log), else the send result's, else the request's
//   bsuid, parentBsuid, userHandle, contactId  the latest row that has one
//   phone (with phoneSource, waid, waidSource)  the first row that shows a phone: a joined
//                         row never shows a phone that none of its rows showed
// Rows without a request id pass through unchanged. Joined rows are written after the
// window's other rows, in the order their requests first appeared; a message whose statuses
// come in a later window gets a joined row in that window's file too.
import type { ExportLogRow } from '../../domain/identity/export-log.js';

export interface TimedRow {
  row: ExportLogRow;
  recordTime: number;
}

/** A request's joined row so far, and whether its status is one of Meta's webhooks. */
interface Group {
  joined: TimedRow;
  metaStatus: boolean;
}

export class RequestJoin {
  private readonly groups = new Map<string, Group>();

  /** The row to write now, or null when it was joined to its request's row. */
  add(entry: TimedRow): TimedRow | null {
    const id = entry.row.requestId;
    if (id === null) return entry;
    const before = this.groups.get(id);
    const metaStatus = isMetaStatus(entry.row);
    this.groups.set(
      id,
      before === undefined
        ? { joined: { ...entry, row: { ...entry.row, logId: id } }, metaStatus }
        : joinRows(before, entry.row),
    );
    return null;
  }

  /** One row per request id, in the order the requests first appeared. */
  joined(): TimedRow[] {
    return [...this.groups.values()].map((g) => g.joined);
  }
}

/** A status webhook of the message (the request and its send result are logged under its id). */
function isMetaStatus(row: ExportLogRow): boolean {
  return row.logId !== row.requestId;
}

/** `b` came after the group's rows in the log. */
function joinRows(group: Group, b: ExportLogRow): Group {
  const a = group.joined.row;
  const meta = isMetaStatus(b);
  const takesStatus =
    (meta && !group.metaStatus) || (meta === group.metaStatus && b.loggedAt >= a.loggedAt);
  const shown = a.phone === null && b.phone !== null ? b : a;
  const row: ExportLogRow = {
    ...a,
    loggedAt: Math.min(a.loggedAt, b.loggedAt),
    businessPhoneNumberId: a.businessPhoneNumberId ?? b.businessPhoneNumberId,
    waid: shown.waid,
    waidSource: shown.waidSource,
    phone: shown.phone,
    phoneSource: shown.phoneSource,
    bsuid: b.bsuid ?? a.bsuid,
    parentBsuid: b.parentBsuid ?? a.parentBsuid,
    userHandle: b.userHandle ?? a.userHandle,
    contactId: b.contactId ?? a.contactId,
    messageId: a.messageId ?? b.messageId,
    messageType: a.messageType ?? b.messageType,
    status: takesStatus ? b.status : a.status,
    errorCode: takesStatus ? b.errorCode : a.errorCode,
    routedVia: a.routedVia ?? b.routedVia,
    eventType: a.eventType === 'REQUEST' || b.eventType === 'REQUEST' ? 'REQUEST' : a.eventType,
  };
  return {
    joined: { row, recordTime: group.joined.recordTime },
    metaStatus: group.metaStatus || meta,
  };
}
