// One input record, one DLQ record: however many of its items failed, the record is kept once,
// with what went wrong summed up. A delivery with 3,000 bad items used to give 3,000 copies of
// itself (one 260 KB line became 780 MB of DLQ text and killed `normalize`).
import { WaiError } from '../errors.js';

/** Failures listed one by one; the rest are counted. */
export const LISTED_FAILURES = 5;
const MESSAGE_LIMIT = 300;

export interface FailureItem {
  code: string;
  field: string | null;
  message: string;
}

export interface RecordFailures {
  /** The record's error: the first failure's code and field, every listed one in its text. */
  error: WaiError;
  count: number;
  /** The first LISTED_FAILURES failures. */
  listed: FailureItem[];
}

function item(e: WaiError): FailureItem {
  return { code: e.code, field: e.field ?? null, message: e.message.slice(0, MESSAGE_LIMIT) };
}

/** The failures of one record as one; null when there are none. */
export function recordFailures(failures: readonly WaiError[]): RecordFailures | null {
  const [first] = failures;
  if (first === undefined) return null;
  if (failures.length === 1) return { error: first, count: 1, listed: [item(first)] };
  const listed = failures.slice(0, LISTED_FAILURES).map(item);
  const more = failures.length - listed.length;
  const message =
    `${failures.length} items could not be processed: ` +
    listed.map((f) => f.message).join('; ') +
    (more > 0 ? `; and ${more} more` : '');
  const error = new WaiError(first.code, message, {
    ...(first.field === undefined ? {} : { field: first.field }),
    retriable: false,
  });
  return { error, count: failures.length, listed };
}
