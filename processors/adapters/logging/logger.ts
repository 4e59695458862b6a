// One pino root logger; stages take children bound to {stage, topic, partition}. Phone numbers
// are personal data, so they are redacted by value before a line is written: known identity
// keys anywhere in the logged object, and phone-like digit runs in message and error text.
// Digit runs inside BSUIDs (`US.1349...`) are left alone: a BSUID is not a phone number.
import pino from 'pino';
import { redact } from '../../domain/identifiers/redact.js';

export type Logger = pino.Logger;

const PHONE_KEYS = new Set([
  'phone',
  'waid',
  'wa_id',
  'from',
  'to',
  'recipient_id',
  'previousPhone',
  'sessionKey',
  'msisdn',
  'From',
  'To',
]);

// 8 to 15 digits, optional +, not part of a longer word or a dotted id such as a BSUID.
const PHONE_IN_TEXT = /(?<![\w.+])\+?\d{8,15}(?![\w])/g;

export function redactPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => redact(m));
}

function scrub(value: unknown, depth: number): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  // Errors go through serializeError (pino runs formatters.log before serializers).
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (PHONE_KEYS.has(k) && (typeof v === 'string' || typeof v === 'number'))
      out[k] = redact(String(v));
    else if (typeof v === 'string' && (k === 'message' || k === 'msg' || k === 'stack'))
      out[k] = redactPhonesInText(v);
    else out[k] = scrub(v, depth + 1);
  }
  return out;
}

// pino's error serializer defines type/message/stack as non-enumerable, so they are copied
// explicitly before scrubbing (a plain spread would lose them).
function serializeError(err: Error): unknown {
  const serialized = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const { type, message, stack } = serialized;
  return scrub({ ...serialized, type, message, stack }, 0);
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; defaults to stderr so stdout stays free for command output (NDJSON). */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'wa-identity' },
      serializers: { err: serializeError },
      formatters: { log: (obj) => scrub(obj, 0) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactPhonesInText(a) : a));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}
