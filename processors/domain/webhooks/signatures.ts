// Webhook signatures, checked before anything else reads a request. Pure computation
// (node:crypto); every comparison is constant-time, and several secrets may be valid at once
// so a secret can be rotated without rejecting deliveries signed with the old one.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'valid' | 'invalid' | 'missing';

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body, keyed with the
 * app secret. `secrets` are the currently accepted app secrets.
 */
export function checkMetaSignature(
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (match?.[1] === undefined) return 'invalid';
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  // Every secret is tried, whatever matches first, so timing does not tell which one did.
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(body).digest();
    valid = equalBytes(expected, given) || valid;
  }
  return valid ? 'valid' : 'invalid';
}

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the account's auth token, of
 * the full URL Twilio requested followed by every POST parameter's name and value, sorted by
 * name (byte order), without separators.
 */
export function checkTwilioSignature(
  url: string,
  params: readonly (readonly [string, string])[],
  header: string | undefined,
  authTokens: readonly string[],
): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  const given = Buffer.from(header.trim(), 'base64');
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const data = url + sorted.map(([name, value]) => name + value).join('');
  let valid = false;
  for (const token of authTokens) {
    const expected = createHmac('sha1', token).update(data, 'utf8').digest();
    valid = equalBytes(expected, given) || valid;
  }
  return valid ? 'valid' : 'invalid';
}
