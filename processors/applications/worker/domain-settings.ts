// The domain's settings from the deployment config: the phone hash, portfolio map and key
// function. The Kafka pipeline and `wa-identity normalize` (cli/normalize-options.ts) both
// build theirs here, so they give the same records for the same input.
import { keyedPhoneHash } from '../../domain/identifiers/digest.js';
import { defaultEventKey } from '../../domain/events/event-key.js';
import { compileResolverConfig, type ResolverConfig } from '../../domain/identity/config.js';
import type { SplitContext } from '../../domain/webhooks/split.js';
import type { AppConfig } from '../config.js';

export interface DomainSettings {
  split: Omit<SplitContext, 'receivedAt'>;
  resolver: ResolverConfig;
}

export type DomainConfig = Pick<
  AppConfig,
  'portfolios' | 'strictPortfolios' | 'keySecret' | 'contactBookLaunchAt'
>;

export function domainSettings(config: DomainConfig): DomainSettings {
  const { portfolios } = config;
  const secret = config.keySecret;
  const hashPhone = (phone: string): string => keyedPhoneHash(secret, phone);
  return {
    split: {
      portfolios,
      strictPortfolios: config.strictPortfolios,
      keyOf: defaultEventKey(hashPhone),
    },
    resolver: compileResolverConfig({
      hashPhone,
      // Only mapped numbers: guessing a fallback portfolio for an unmapped number could
      // route a send against the wrong contact book.
      portfolioOf: (id) => portfolios.phoneNumbers[id] ?? null,
      contactBookLaunchAt: config.contactBookLaunchAt,
    }),
  };
}
