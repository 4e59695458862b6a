// Webhook signatures, checked before anything else reads a request. Pure computation
// (node:crypto); every comparison is constant-time, and several secrets may be valid at once
// so a secret can be rotated without rejecting deliveries signed with the old one. Meta,
// Twilio and YCloud each as their documentation states it.
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

/** How far a YCloud signature's timestamp may be from now, and now (epoch seconds). */
export interface Freshness {
  nowSeconds: number;
  /** 0: any timestamp (no replay window). */
  toleranceSeconds: number;
}

/**
 * YCloud's `YCloud-Signature: t=<unix seconds>,s=<hex>`: HMAC-SHA256, keyed with the webhook
 * endpoint's signing secret, of the timestamp, a period and the raw body bytes. The timestamp
 * is signed, so one outside the tolerance (a replay) is refused as invalid.
 */
export function checkYCloudSignature(
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  freshness: Freshness,
): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const parts = header.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? ['', ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const t = parts.find(([k]) => k === 't')?.[1] ?? '';
  const given = parts
    .filter(([k, v]) => k === 's' && /^[0-9a-fA-F]{64}$/.test(v ?? ''))
    .map(([, v]) => Buffer.from(v ?? '', 'hex'));
  if (!/^\d{1,12}$/.test(t) || given.length === 0) return 'invalid';
  const { nowSeconds, toleranceSeconds } = freshness;
  if (toleranceSeconds > 0 && Math.abs(nowSeconds - Number(t)) > toleranceSeconds) return 'invalid';
  const signed = Buffer.concat([Buffer.from(`${t}.`), body]);
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(signed).digest();
    for (const g of given) valid = equalBytes(expected, g) || valid;
  }
  return valid ? 'valid' : 'invalid';
}
