// TypeScript shape of v1.avsc. Written by hand; test/contract checks the two agree.
export interface DataStreamEventV1 {
  eventId: string;
  eventType: string;
  occurredAt: number;
  wabaId: string | null;
  businessPhoneNumberId: string | null;
  waid: string | null;
  profileName: string | null;
  messageId: string | null;
  messageType: string | null;
  status: string | null;
}
