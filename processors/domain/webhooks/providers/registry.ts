// The providers this build understands. Selection is by shape; a delivery that no adapter,
// or more than one, recognizes is rejected rather than guessed at.
import { WaiError } from '../../errors.js';
import type { ProviderAdapter } from './adapter.js';
import { eightByEightAdapter } from './eight-by-eight.js';
import { eightByEightNativeAdapter } from './eight-by-eight-native.js';
import { metaAdapter } from './meta.js';
import { twilioAdapter } from './twilio.js';
import { ycloudAdapter } from './ycloud.js';

export const DEFAULT_ADAPTERS: readonly ProviderAdapter[] = Object.freeze([
  metaAdapter,
  eightByEightAdapter,
  eightByEightNativeAdapter,
  twilioAdapter,
  ycloudAdapter,
]);

export function selectAdapter(
  raw: unknown,
  adapters: readonly ProviderAdapter[] = DEFAULT_ADAPTERS,
): ProviderAdapter {
  const hits = adapters.filter((a) => a.matches(raw));
  const [only] = hits;
  if (hits.length === 1 && only) return only;
  const detail =
    hits.length === 0
      ? 'no provider adapter recognizes this delivery'
      : `ambiguous delivery: matches ${hits.map((a) => a.name).join(', ')}`;
  throw new WaiError('WAI_UNKNOWN_ENVELOPE', detail, { field: '$' });
}
