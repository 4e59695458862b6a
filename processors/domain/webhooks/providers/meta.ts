// Meta Cloud API, posted directly or forwarded untouched (360dialog, YCloud).
import { looksLikeMetaEnvelope, parseMetaEnvelope } from '../meta/envelope.js';
import type { ProviderAdapter } from './adapter.js';

export const metaAdapter: ProviderAdapter = {
  name: 'meta',
  matches: looksLikeMetaEnvelope,
  unwrap: (raw) => parseMetaEnvelope(raw, '', null),
};
