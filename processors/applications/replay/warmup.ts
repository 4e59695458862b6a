// A side-by-side replay copies the input log from its start into a fresh deployment, and the
// records before the replay's `--from` only rebuild the contact book there: they carry this
// header, and the worker applies them to its state (contact-book records written, so a
// restart restores the same state) without emitting their data-stream, export-log, outbound
// or DLQ records again. Nothing outside the product writes it: the ingress and `send` append
// values only.
import type { InputHeaders } from '../../adapters/kafka/index.js';

export const REPLAY_HEADER = 'wai.replay';
export const WARMUP = 'warmup';

export function isWarmup(headers: InputHeaders): boolean {
  const value = headers[REPLAY_HEADER];
  return Buffer.isBuffer(value) && value.toString('utf8') === WARMUP;
}
