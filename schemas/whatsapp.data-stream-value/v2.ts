// TypeScript shape of v2.avsc: v1 plus the identity fields, each defaulting to null.
import type { DataStreamEventV1 } from './v1.js';

export interface DataStreamEventV2 extends DataStreamEventV1 {
  direction: string | null;
  provider: string | null;
  portfolioId: string | null;
  waidSource: string | null;
  phone: string | null;
  phoneSource: string | null;
  bsuid: string | null;
  parentBsuid: string | null;
  userHandle: string | null;
  sessionKey: string | null;
  previousBsuid: string | null;
  previousPhone: string | null;
  previousParentBsuid: string | null;
  sourceField: string | null;
  errorCode: string | null;
  preferenceCategory: string | null;
  preferenceValue: string | null;
}
