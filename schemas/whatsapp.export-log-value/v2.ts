// TypeScript shape of v2.avsc: v1 plus the row's kind, the person's stable id, the request id
// that joins an outbound message's rows, and identity-change / preference details.
import type { ExportLogRowV1 } from './v1.js';

export interface ExportLogRowV2 extends ExportLogRowV1 {
  eventType: string | null;
  contactId: string | null;
  requestId: string | null;
  previousBsuid: string | null;
  previousPhone: string | null;
  preferenceCategory: string | null;
  preferenceValue: string | null;
  previousContactId: string | null;
}
