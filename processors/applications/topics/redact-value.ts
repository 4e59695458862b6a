// Phone numbers in what the tools print, unless --show-phones. Decoded Avro values are
// redacted by field: the fields that hold a user's phone (a BSUID in them is shown: it is not
// a phone number), and the JSON text of outbound bodies. Raw bytes (input log, DLQ) and
// header values are free text: every phone-like digit run is redacted, business ids included.
import { redact } from '../../domain/identifiers/redact.js';
import { isPhone } from '../../domain/identifiers/identifiers.js';
import { redactPhonesInText } from '../../adapters/logging/logger.js';

/**
 * Fields of our Avro records (any version) that hold a user's phone, or phones; `from` and `to`
 * are a contact-book lineage step's identifiers (a phone in a phone step).
 */
const PHONE_FIELDS = new Set([
  'phone',
  'waid',
  'previousPhone',
  'previousPhones',
  'sessionKey',
  'from',
  'to',
]);
/** Fields holding JSON text that may carry phones (`to` of an outbound body). */
const TEXT_FIELDS = new Set(['body']);

function redactPhone(value: unknown): unknown {
  if (typeof value === 'string') return isPhone(value) ? redact(value) : value;
  if (Array.isArray(value)) return value.map(redactPhone);
  return value;
}

export function redactAvroValue(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactAvroValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (PHONE_FIELDS.has(k)) out[k] = redactPhone(v);
    else if (TEXT_FIELDS.has(k) && typeof v === 'string') out[k] = redactPhonesInText(v);
    else out[k] = redactAvroValue(v, depth + 1);
  }
  return out;
}

export function redactText(text: string): string {
  return redactPhonesInText(text);
}
