// Authentication templates (one-tap, zero-tap, copy-code OTP) can only be sent to a phone:
// Meta answers error 131062 for a BSUID recipient. Meta's send body does not say that a
// template is an authentication one (its copy-code button is sent as sub_type `url`), so
// the rule is explicit and conservative. A template is an authentication template when:
//   - the client flags it: `template.category` is `AUTHENTICATION` (any case), or
//   - a component is an OTP button: type `button` with sub_type `otp`, `copy_code`,
//     `one_tap` or `zero_tap` (any case), or a component of type `otp`.
// The `category` flag is ours, not Meta's, and is removed from the body sent to Meta.
import { isObject } from '../input/json-read.js';
import type { OutboundMessage } from './request.js';

export const META_ERROR_BSUID_NOT_SUPPORTED = '131062';

const OTP_BUTTON_SUBTYPES = ['otp', 'copy_code', 'one_tap', 'zero_tap'];

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

export function isAuthenticationTemplate(message: OutboundMessage): boolean {
  if (message.type !== 'template') return false;
  const template = message['template'];
  if (!isObject(template)) return false;
  if (lower(template['category']) === 'authentication') return true;
  const components = Array.isArray(template['components']) ? template['components'] : [];
  return components.some(
    (c) =>
      isObject(c) &&
      (lower(c['type']) === 'otp' ||
        (lower(c['type']) === 'button' && OTP_BUTTON_SUBTYPES.includes(lower(c['sub_type'])))),
  );
}
