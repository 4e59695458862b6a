// TypeScript shape of v2.avsc: v1 plus the entry's `contactId` (null in entries written by v1).
import type { ContactEntryV1, PortfolioSettingsV1 } from './v1.js';

export interface ContactEntryV2 extends ContactEntryV1 {
  contactId: string | null;
}

export interface ContactBookValueV2 {
  entry: ContactEntryV2 | null;
  settings: PortfolioSettingsV1 | null;
}
