// TypeScript shape of v1.avsc (one flat export row per transaction).
export interface ExportLogRowV1 {
  logId: string;
  loggedAt: number;
  direction: string;
  portfolioId: string;
  businessPhoneNumberId: string | null;
  waid: string | null;
  waidSource: string;
  phone: string | null;
  phoneSource: string;
  bsuid: string | null;
  parentBsuid: string | null;
  userHandle: string | null;
  messageId: string | null;
  messageType: string | null;
  status: string | null;
  errorCode: string | null;
  routedVia: string | null;
}
