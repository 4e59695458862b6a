// Signatures of outgoing webhooks, Stripe/Svix style: `Wai-Signature: t=<unix s>,v1=<hex>`
// where each v1 is HMAC-SHA256 over `<t>.<body>` with one of the subscriber's secrets (several
// during a rotation). The timestamp is signed, so a receiver refuses replays older than its
// tolerance. Pure computation.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'wai-signature';

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  body: string,
): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${mac(s, timestamp, body)}`)].join(',');
}

/** The receiver's check, as the README shows it: one matching v1, and a fresh timestamp. */
export function verifySignature(
  header: string,
  secret: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || v === undefined) return false;
    const given = Buffer.from(v, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
