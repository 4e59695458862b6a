// Appending to the input log, as every writer of it must: each record keyed by its portfolio
// (`inputKeys`, from the deployment's portfolio map), a delivery of several portfolios once per
// portfolio, in the order given. Used by `wa-identity send`, the demo and the tests; the
// ingress of a later issue is a writer too.
import { inputKeys, readInput, type RoutingSettings } from '../../domain/stream/input-log.js';
import type { OutputRecord } from '../../adapters/kafka/index.js';

export interface InputLine {
  /**
   * The record's value: one NDJSON line of `wa-identity normalize`'s input. Bytes are appended
   * exactly as given (read as UTF-8, with U+FFFD for invalid bytes, only to find the key).
   */
  value: string | Buffer;
  /** The record's timestamp: the event-time fallback of payloads without one. */
  timestamp: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The input-log records of `lines`, keyed by portfolio, in order. */
export function inputRecords(
  topic: string,
  lines: readonly InputLine[],
  routing: RoutingSettings,
): OutputRecord[] {
  return lines.flatMap(({ value, timestamp }) => {
    const text = typeof value === 'string' ? value : utf8.decode(value);
    return inputKeys(readInput(text, timestamp, routing)).map((key): OutputRecord => ({
      topic,
      key,
      value,
      timestamp,
    }));
  });
}
