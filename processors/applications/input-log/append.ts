// Appending to the input log, as every writer of it must: each record keyed by its portfolio
// (`inputKeys`, from the deployment's portfolio map), a delivery of several portfolios once per
// portfolio, in the order given. Used by the demo and the tests; the ingress and `send` of
// later issues are writers too.
import { inputKeys, readInput, type RoutingSettings } from '../../domain/stream/input-log.js';
import type { OutputRecord } from '../../adapters/kafka/index.js';

export interface InputLine {
  /** The record's value: one NDJSON line of `wa-identity normalize`'s input. */
  value: string;
  /** The record's timestamp: the event-time fallback of payloads without one. */
  timestamp: number;
}

/** The input-log records of `lines`, keyed by portfolio, in order. */
export function inputRecords(
  topic: string,
  lines: readonly InputLine[],
  routing: RoutingSettings,
): OutputRecord[] {
  return lines.flatMap(({ value, timestamp }) =>
    inputKeys(readInput(value, timestamp, routing)).map((key): OutputRecord => ({
      topic,
      key,
      value,
      timestamp,
    })),
  );
}
