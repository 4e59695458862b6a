// TypeScript shape of v1.avsc (a routed outbound Cloud API request).
export interface OutboundMessageV1 {
  requestId: string;
  portfolioId: string;
  businessPhoneNumberId: string;
  routedVia: string;
  body: string;
  requestedAt: number;
}
