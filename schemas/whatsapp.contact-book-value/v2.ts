// TypeScript shape of v2.avsc: v1 plus each entry's identity lineage and phone provenance.
// Written by hand; test/contract checks every record's fields.
import type { ContactEntryV1, PortfolioSettingsV1 } from './v1.js';

export interface LineageStepV2 {
  kind: string;
  from: string | null;
  to: string | null;
  eventId: string | null;
  at: number | null;
}

export interface PhoneEvidenceV2 {
  source: string;
  eventId: string | null;
  at: number | null;
}

export interface ContactEntryV2 extends ContactEntryV1 {
  lineage: LineageStepV2[];
  phoneEvidence: PhoneEvidenceV2 | null;
}

export type PortfolioSettingsV2 = PortfolioSettingsV1;

export interface ContactBookValueV2 {
  entry: ContactEntryV2 | null;
  settings: PortfolioSettingsV2 | null;
}
