// Node's codes for a TLS peer certificate that is not trusted (unknown CA, self-signed,
// expired, or issued for another name): a setting to fix, not an outage to retry.
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isUntrustedCertificate(code: unknown): boolean {
  return typeof code === 'string' && UNTRUSTED.has(code);
}
