// The columns of an export file: every field of an export-log row (as the pipeline masked it:
// `phone` is present only where Meta's sharing rules let it be shown), then the record time
// that placed the row in its window. An outbound message's rows are joined into one
// (join-requests.ts).
import type { ExportLogRow } from '../../domain/identity/export-log.js';
import type { Column, Row } from '../../adapters/files/index.js';

export const EXPORT_COLUMNS: readonly Column[] = [
  { name: 'logId', type: 'string' },
  { name: 'loggedAt', type: 'timestamp' },
  { name: 'direction', type: 'string' },
  { name: 'portfolioId', type: 'string' },
  { name: 'businessPhoneNumberId', type: 'string' },
  { name: 'waid', type: 'string' },
  { name: 'waidSource', type: 'string' },
  { name: 'phone', type: 'string' },
  { name: 'phoneSource', type: 'string' },
  { name: 'bsuid', type: 'string' },
  { name: 'parentBsuid', type: 'string' },
  { name: 'userHandle', type: 'string' },
  { name: 'messageId', type: 'string' },
  { name: 'messageType', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'errorCode', type: 'string' },
  { name: 'routedVia', type: 'string' },
  // export-log v2 (null for rows written by v1):
  { name: 'eventType', type: 'string' },
  { name: 'contactId', type: 'string' },
  { name: 'requestId', type: 'string' },
  { name: 'previousBsuid', type: 'string' },
  { name: 'previousPhone', type: 'string' },
  { name: 'preferenceCategory', type: 'string' },
  { name: 'preferenceValue', type: 'string' },
  { name: 'previousContactId', type: 'string' },
  { name: 'recordTime', type: 'timestamp' },
];

export function exportRow(row: ExportLogRow, recordTime: number): Row {
  return { ...row, recordTime };
}
