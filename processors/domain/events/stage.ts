// Shapes shared by the stages of one input record's processing (pure types):
//   delivery ──split──▶ KeyedEvent* ──resolve──▶ output records (identity/records.ts)
// and the value of a DLQ record as the normalize CLI writes it.
import type { NormalizedEvent } from './event.js';

export interface KeyedEvent {
  /** `<portfolioId>|<userKey>` (see event-key.ts). */
  key: string;
  event: NormalizedEvent;
}

export type OutputTopic = 'data-stream' | 'export-log' | 'contact-book' | 'outbound' | 'dlq';

/** The DLQ record of a failed delivery or item: the original text plus the error. */
export interface DlqValue {
  original: string;
  error: { code: string; message: string; field: string | null };
}
