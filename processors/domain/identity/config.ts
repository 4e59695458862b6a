// Resolve-stage configuration: compiled once, validated as a whole, frozen. The domain reads
// no environment and no clock; everything time- or secret-dependent comes in through here.
import { memoPhoneHasher } from '../identifiers/digest.js';
import { WaiError } from '../errors.js';
import type { PortfolioResolver } from '../outbound/request.js';
import type { PhoneHasher } from './keys.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Meta's contact-book launch: interactions before it are never captured retroactively. */
export const DEFAULT_CONTACT_BOOK_LAUNCH_AT = Date.UTC(2026, 3, 1);
export const DEFAULT_RECENT_INTERACTION_WINDOW_MS = 30 * DAY_MS;
export const DEFAULT_DEDUP_MEMORY_SIZE = 64;

export type { PortfolioResolver } from '../outbound/request.js';

export interface ResolverOptions {
  hashPhone: PhoneHasher;
  portfolioOf: PortfolioResolver;
  contactBookLaunchAt?: number;
  recentInteractionWindowMs?: number;
  dedupMemorySize?: number;
}

export type ResolverConfig = Readonly<Required<ResolverOptions>>;

/** The production hasher: HMAC-SHA256 of the phone with the configured secret. */
export function hmacPhoneHasher(secret: string): PhoneHasher {
  if (secret.length < 16) {
    throw new WaiError('WAI_CONFIG', 'phone hash secret must have at least 16 characters', {
      field: 'phoneHashSecret',
    });
  }
  return memoPhoneHasher(secret);
}

export function compileResolverConfig(options: ResolverOptions): ResolverConfig {
  const config = {
    hashPhone: options.hashPhone,
    portfolioOf: options.portfolioOf,
    contactBookLaunchAt: options.contactBookLaunchAt ?? DEFAULT_CONTACT_BOOK_LAUNCH_AT,
    recentInteractionWindowMs:
      options.recentInteractionWindowMs ?? DEFAULT_RECENT_INTERACTION_WINDOW_MS,
    dedupMemorySize: options.dedupMemorySize ?? DEFAULT_DEDUP_MEMORY_SIZE,
  };
  const problems: string[] = [];
  if (typeof config.hashPhone !== 'function') problems.push('hashPhone: expected a function');
  if (typeof config.portfolioOf !== 'function') problems.push('portfolioOf: expected a function');
  if (!Number.isSafeInteger(config.contactBookLaunchAt)) {
    problems.push('contactBookLaunchAt: expected epoch milliseconds');
  }
  if (
    !Number.isSafeInteger(config.recentInteractionWindowMs) ||
    config.recentInteractionWindowMs <= 0
  ) {
    problems.push('recentInteractionWindowMs: expected a positive integer');
  }
  if (!Number.isSafeInteger(config.dedupMemorySize) || config.dedupMemorySize < 1) {
    problems.push('dedupMemorySize: expected a positive integer');
  }
  if (problems.length > 0) {
    throw new WaiError('WAI_CONFIG', `invalid resolver config: ${problems.join('; ')}`);
  }
  return Object.freeze(config);
}
