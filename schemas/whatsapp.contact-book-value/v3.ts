// TypeScript shape of v3.avsc: v2 plus the entry's `contactId` (null in entries written before).
import type { ContactEntryV2, PortfolioSettingsV2 } from './v2.js';

export interface ContactEntryV3 extends ContactEntryV2 {
  contactId: string | null;
}

export interface ContactBookValueV3 {
  entry: ContactEntryV3 | null;
  settings: PortfolioSettingsV2 | null;
}
