// Output records of the resolve stage and the state changes it asks its runner to apply.
// Records are the core pipeline's OutputRecord, with each topic's value type made precise.
import type { NormalizedEvent } from '../events/event.js';
import type { DlqValue } from '../events/stage.js';
import type { OutboundRecord } from '../outbound/body.js';
import type { BroadcastCommand, CommandRecord } from './commands.js';
import type { ContactEntry } from './entry.js';
import type { ExportLogRow } from './export-log.js';
import type { PortfolioSettings } from './portfolio.js';
import type { ErrorCode } from '../errors.js';
import { problemMessage, type Problem } from '../input/problems.js';

export type { OutputTopic } from '../events/stage.js';

export type OutputRecord =
  | { topic: 'data-stream'; key: string; value: NormalizedEvent }
  | { topic: 'export-log'; key: string; value: ExportLogRow }
  /** Compacted; `null` is a tombstone (deletion is real). */
  | { topic: 'contact-book'; key: string; value: ContactEntry | PortfolioSettings | null }
  | { topic: 'outbound'; key: string; value: OutboundRecord }
  | { topic: 'dlq'; key: string | null; value: DlqValue };

/** Only ever about keys the step's owner holds: its own key (or, for a purge, its partition). */
export type StateChange =
  | { kind: 'upsert'; key: string; entry: ContactEntry }
  | { kind: 'delete'; key: string }
  | { kind: 'settings'; key: string; settings: PortfolioSettings };

export interface StepResult {
  outputs: OutputRecord[];
  changes: StateChange[];
  commands: CommandRecord[];
  broadcasts: BroadcastCommand[];
}

export function emptyResult(): StepResult {
  return { outputs: [], changes: [], commands: [], broadcasts: [] };
}

export function contactBookRecord(change: StateChange): OutputRecord {
  if (change.kind === 'upsert')
    return { topic: 'contact-book', key: change.key, value: change.entry };
  if (change.kind === 'settings') {
    return { topic: 'contact-book', key: change.key, value: change.settings };
  }
  return { topic: 'contact-book', key: change.key, value: null };
}

/** The DLQ record of a rejected input (kept as received, so it can be replayed): the pipeline's DLQ value: the input as text, the code, every problem in the message. */
export function dlqRecord(
  key: string | null,
  code: ErrorCode,
  problems: Problem[],
  input: unknown,
): OutputRecord {
  const original = typeof input === 'string' ? input : JSON.stringify(input);
  const error = { code, message: problemMessage(problems), field: problems[0]?.field ?? null };
  return { topic: 'dlq', key, value: { original, error } };
}
