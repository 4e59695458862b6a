// The seam between the split and whatever comes after it (pure types, no runtime).
//
//   raw delivery ──split──▶ KeyedEvent* ──EventStage──▶ OutputRecord*
//
// The stateless default stage publishes each event to the data stream as it is. The
// resolve stage is another EventStage: it receives the same KeyedEvents in input order,
// may hold state, re-key (phone-hash keys become BSUID keys once an alias is known), and
// emit to any topic (data-stream, export-log, contact-book, outbound). Runners (the CLI,
// the Kafka worker) only move records; they never look inside.
import type { NormalizedEvent } from './event.js';

export interface KeyedEvent {
  /** `<portfolioId>|<userKey>` (see event-key.ts). */
  key: string;
  event: NormalizedEvent;
}

export type OutputTopic = 'data-stream' | 'export-log' | 'contact-book' | 'outbound' | 'dlq';

export interface OutputRecord {
  topic: OutputTopic;
  /** Null only for records with no user, e.g. a DLQ record of an unreadable delivery. */
  key: string | null;
  value: unknown;
}

export interface EventStage {
  readonly name: string;
  /** Called once per event, in input order; a returned promise is awaited before the next. */
  process(input: KeyedEvent): readonly OutputRecord[] | Promise<readonly OutputRecord[]>;
  /**
   * A decoded input line that is not a webhook delivery (e.g. `{"outbound": …}`,
   * `{"admin": …}`): its records, or null when the stage does not claim the line (then it is
   * split as a delivery). `receivedAt` is the line's receipt time.
   */
  processControl?(line: unknown, receivedAt: number): readonly OutputRecord[] | null;
  /** End of input: flush what the stage still holds. */
  close?(): readonly OutputRecord[] | Promise<readonly OutputRecord[]>;
}

/** The stateless stage: every event goes to the data stream unchanged. */
export const passThroughStage: EventStage = {
  name: 'pass-through',
  process: ({ key, event }) => [{ topic: 'data-stream', key, value: event }],
};

/** The DLQ record of a failed delivery or item: the original text plus the error. */
export interface DlqValue {
  original: string;
  error: { code: string; message: string; field: string | null };
}
