// The domain's settings from the deployment config: the phone hash, portfolio map and key
// function. The Kafka worker, the writers of the input log and `wa-identity normalize`
// (normalize/normalize-options.ts) all build theirs here, so they agree on every record.
import { memoPhoneHasher } from '../../domain/identifiers/digest.js';
import { own } from '../../domain/input/own.js';
import { defaultEventKey } from '../../domain/events/event-key.js';
import { compileResolverConfig, type ResolverConfig } from '../../domain/identity/config.js';
import type { RoutingSettings, SplitSettings } from '../../domain/stream/input-log.js';
import type { AppConfig } from '../config.js';

export interface DomainSettings {
  split: SplitSettings;
  resolver: ResolverConfig;
  /** How input-log records are read and keyed (writers and workers alike). */
  routing: RoutingSettings;
}

export type DomainConfig = Pick<
  AppConfig,
  'portfolios' | 'strictPortfolios' | 'keySecret' | 'contactBookLaunchAt'
> &
  Partial<Pick<AppConfig, 'limits'>>;

export function domainSettings(config: DomainConfig): DomainSettings {
  const { portfolios } = config;
  const secret = config.keySecret;
  const hashPhone = memoPhoneHasher(secret);
  const split: SplitSettings = {
    portfolios,
    strictPortfolios: config.strictPortfolios,
    keyOf: defaultEventKey(hashPhone),
  };
  const resolver = compileResolverConfig({
    hashPhone,
    // Only mapped numbers: guessing a fallback portfolio for an unmapped number could
    // route a send against the wrong contact book.
    portfolioOf: (id) => own(portfolios.phoneNumbers, id) ?? null,
    contactBookLaunchAt: config.contactBookLaunchAt,
  });
  const routing = {
    split,
    portfolioOf: resolver.portfolioOf,
    ...(config.limits === undefined ? {} : { limits: config.limits }),
  };
  return { split, resolver, routing };
}
