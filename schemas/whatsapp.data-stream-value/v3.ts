// TypeScript shape of v3.avsc: v2 plus the person's stable id and the outbound request id,
// each defaulting to null. The CALL kind needs no field: `eventType` is a string.
import type { DataStreamEventV2 } from './v2.js';

export interface DataStreamEventV3 extends DataStreamEventV2 {
  contactId: string | null;
  requestId: string | null;
  previousContactId: string | null;
}
