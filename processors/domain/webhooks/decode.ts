// Raw record text → the value adapters inspect. A webhook body is JSON (Meta, 8x8) or a
// form-encoded string (Twilio). In NDJSON input a form body travels as a JSON string.
import { WaiError } from '../errors.js';

export function decodeDelivery(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new WaiError('WAI_BAD_INPUT', 'empty delivery', { field: '$' });
  const first = trimmed[0];
  if (first !== '{' && first !== '[' && first !== '"') return trimmed; // raw form body
  try {
    return JSON.parse(trimmed) as unknown;
  } catch (err) {
    // V8's message quotes the input, which may hold a phone: keep it out of the text.
    throw new WaiError('WAI_BAD_INPUT', 'not valid JSON', {
      field: '$',
      cause: err,
    });
  }
}
