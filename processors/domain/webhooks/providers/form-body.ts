// Twilio posts application/x-www-form-urlencoded bodies. A delivery may reach us as that
// raw text or already decoded into an object of string fields.
import { isObject } from '../../input/json-read.js';
import { dictionary } from '../../input/own.js';

export type FormFields = Record<string, string>;

/** Decodes a form body; repeated keys keep the first value (Twilio never repeats). */
export function parseFormBody(body: string): FormFields {
  const fields = dictionary<string>();
  for (const [key, value] of new URLSearchParams(body.trim())) {
    if (!Object.hasOwn(fields, key)) fields[key] = value;
  }
  return fields;
}

/** The delivery as form fields, or null when it is neither form text nor a flat object. */
export function asFormFields(raw: unknown): FormFields | null {
  if (typeof raw === 'string') return raw.includes('=') ? parseFormBody(raw) : null;
  if (!isObject(raw)) return null;
  const fields = dictionary<string>();
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') fields[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
    else if (value !== null && value !== undefined) return null;
  }
  return fields;
}
