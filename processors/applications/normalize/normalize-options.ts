// Options of `wa-identity normalize`, resolved once: the shared environment config
// (WAI_PORTFOLIO_MAP, WAI_STRICT_PORTFOLIOS, WAI_KEY_SECRET) plus the command's flags.
import { readFileSync } from 'node:fs';
import { WaiError } from '../../domain/errors.js';
import { isoTimeToMs } from '../../domain/input/iso-time.js';
import type { PortfolioMap } from '../../domain/webhooks/portfolio-map.js';
import { mergePortfolioMaps, parsePortfolioMap } from '../../domain/webhooks/portfolio-map.js';
import type { ResolverConfig } from '../../domain/identity/config.js';
import type { SplitContext } from '../../domain/webhooks/split.js';
import type { RoutingSettings } from '../../domain/stream/input-log.js';
import type { Env } from '../config.js';
import { loadConfig } from '../config.js';
import { domainSettings } from '../worker/domain-settings.js';

/** The command's flags as parsed: absent or undefined where not given. */
export interface NormalizeFlags {
  portfolioMap?: string | undefined;
  strictPortfolios?: boolean | undefined;
  receivedAt?: string | undefined;
}

export interface NormalizeSettings {
  /** Built as the Kafka pipeline builds them, so both give the same records. */
  split: Omit<SplitContext, 'receivedAt'>;
  resolver: ResolverConfig;
  /** How lines are read and keyed, with the record limits: as the Kafka worker's. */
  routing: RoutingSettings;
  /** Fixed receipt time from --received-at, or null to read the clock per line. */
  fixedReceivedAt: number | null;
  warnings: string[];
}

function readMapFile(path: string): PortfolioMap {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new WaiError('WAI_CONFIG', `--portfolio-map ${path}: ${(err as Error).message}`, {
      field: '--portfolio-map',
      cause: err,
    });
  }
  return parsePortfolioMap(json, `--portfolio-map ${path}`);
}

/** A time flag's value: epoch ms or ISO-8601 (without an offset: UTC). */
export function parseTimeFlag(flag: string, raw: string): number {
  const ms = /^[0-9]+$/.test(raw) ? Number(raw) : (isoTimeToMs(raw) ?? Number.NaN);
  if (!Number.isFinite(ms)) {
    throw new WaiError('WAI_CONFIG', `${flag} ${raw}: expected epoch ms or ISO-8601`, {
      field: flag,
    });
  }
  return ms;
}

export function resolveNormalizeSettings(flags: NormalizeFlags, env: Env): NormalizeSettings {
  const config = loadConfig(env);
  let portfolios = config.portfolios;
  if (flags.portfolioMap !== undefined) {
    portfolios = mergePortfolioMaps(portfolios, readMapFile(flags.portfolioMap));
  }
  const warnings = config.keySecretIsDefault
    ? ['phone keys use the development secret: set WAI_KEY_SECRET for real data']
    : [];
  const { split, resolver, routing } = domainSettings({
    ...config,
    portfolios,
    strictPortfolios: flags.strictPortfolios === true || config.strictPortfolios,
  });
  return {
    split,
    resolver,
    routing,
    fixedReceivedAt:
      flags.receivedAt === undefined ? null : parseTimeFlag('--received-at', flags.receivedAt),
    warnings,
  };
}
