// ExportLogRow ↔ export-log v2: the row is already flat and masked; only the closed string
// unions are checked on the way back.
import type { ExportLogRow } from '../../../domain/identity/export-log.js';
import type { ExportLogRowV2 } from '../../../../schemas/whatsapp.export-log-value/v2.js';
import {
  DIRECTIONS,
  PHONE_SOURCES,
  ROUTES,
  ROW_KINDS,
  WAID_SOURCES,
  nullableOneOf,
  oneOf,
} from './checked.js';

export function exportLogToAvro(row: ExportLogRow): ExportLogRowV2 {
  return {
    logId: row.logId,
    loggedAt: row.loggedAt,
    direction: row.direction,
    portfolioId: row.portfolioId,
    businessPhoneNumberId: row.businessPhoneNumberId,
    waid: row.waid,
    waidSource: row.waidSource,
    phone: row.phone,
    phoneSource: row.phoneSource,
    bsuid: row.bsuid,
    parentBsuid: row.parentBsuid,
    userHandle: row.userHandle,
    messageId: row.messageId,
    messageType: row.messageType,
    status: row.status,
    errorCode: row.errorCode,
    routedVia: row.routedVia,
    eventType: row.eventType,
    contactId: row.contactId,
    requestId: row.requestId,
    previousBsuid: row.previousBsuid,
    previousPhone: row.previousPhone,
    preferenceCategory: row.preferenceCategory,
    preferenceValue: row.preferenceValue,
    previousContactId: row.previousContactId,
  };
}

export function exportLogFromAvro(v: ExportLogRowV2): ExportLogRow {
  return {
    ...v,
    direction: oneOf(v.direction, DIRECTIONS, 'export-log.direction'),
    waidSource: oneOf(v.waidSource, WAID_SOURCES, 'export-log.waidSource'),
    phoneSource: oneOf(v.phoneSource, PHONE_SOURCES, 'export-log.phoneSource'),
    routedVia: nullableOneOf(v.routedVia, ROUTES, 'export-log.routedVia'),
    eventType: nullableOneOf(v.eventType, ROW_KINDS, 'export-log.eventType'),
  };
}
