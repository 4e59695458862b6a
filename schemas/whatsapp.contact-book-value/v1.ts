// TypeScript shape of v1.avsc: exactly one of `entry` / `settings` is set; a tombstone is a null
// Kafka value, never a record. Written by hand; test/contract checks every record's fields.
export interface ContactEntryV1 {
  portfolioId: string;
  userKey: string;
  supersededBy: string | null;
  bsuid: string | null;
  parentBsuid: string | null;
  phone: string | null;
  username: string | null;
  profileName: string | null;
  inContactBook: boolean;
  contactBookSince: number | null;
  contactBookVia: string | null;
  lastInteractionAt: Record<string, number>;
  firstSeenAt: number;
  lastSeenAt: number;
  previousBsuids: string[];
  previousPhones: string[];
  recentEventIds: string[];
}

export interface PortfolioSettingsV1 {
  portfolioId: string;
  contactBookEnabled: boolean;
  storeFrom: number | null;
  changedAt: number | null;
}

export interface ContactBookValueV1 {
  entry: ContactEntryV1 | null;
  settings: PortfolioSettingsV1 | null;
}
