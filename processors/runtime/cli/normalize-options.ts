// Options of `wa-identity normalize`, resolved once: the shared environment config
// (WAI_PORTFOLIO_MAP, WAI_STRICT_PORTFOLIOS, WAI_KEY_SECRET) plus the command's flags.
import { readFileSync } from 'node:fs';
import { keyedPhoneHash } from '../../core/digest.js';
import { WaiError } from '../../core/errors.js';
import { defaultEventKey } from '../../core/event-key.js';
import type { PortfolioMap } from '../../core/portfolio.js';
import { mergePortfolioMaps, parsePortfolioMap } from '../../core/portfolio.js';
import type { SplitContext } from '../../split/transform.js';
import type { Env } from '../config.js';
import { loadConfig } from '../config.js';

export interface NormalizeFlags {
  portfolioMap?: string;
  strictPortfolios?: boolean;
  receivedAt?: string;
}

export interface NormalizeSettings {
  split: Omit<SplitContext, 'receivedAt'>;
  /** Keyed hash of phones for keys (WAI_KEY_SECRET). */
  hashPhone: (phone: string) => string;
  /** Business phone-number id → portfolio, for outbound requests without a portfolioId. */
  portfolioOf: (businessPhoneNumberId: string) => string | null;
  contactBookLaunchAt: number;
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

function parseReceivedAt(raw: string): number {
  const ms = /^[0-9]+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) {
    throw new WaiError('WAI_CONFIG', `--received-at ${raw}: expected epoch ms or ISO-8601`, {
      field: '--received-at',
    });
  }
  return ms;
}

export function resolveNormalizeSettings(flags: NormalizeFlags, env: Env): NormalizeSettings {
  const config = loadConfig(env);
  let portfolios = parsePortfolioMap(config.portfolios, 'WAI_PORTFOLIO_MAP');
  if (flags.portfolioMap !== undefined) {
    portfolios = mergePortfolioMaps(portfolios, readMapFile(flags.portfolioMap));
  }
  const secret = config.keySecret;
  const hashPhone = (phone: string): string => keyedPhoneHash(secret, phone);
  const mapped = portfolios;
  const warnings = config.keySecretIsDefault
    ? ['phone keys use the development secret: set WAI_KEY_SECRET for real data']
    : [];
  return {
    split: {
      portfolios,
      strictPortfolios: flags.strictPortfolios === true || config.strictPortfolios,
      keyOf: defaultEventKey(hashPhone),
    },
    hashPhone,
    // Only mapped numbers: an unmapped number's WABA is unknown, so guessing a fallback
    // portfolio could route against the wrong contact book.
    portfolioOf: (id) => mapped.phoneNumbers[id] ?? null,
    contactBookLaunchAt: config.contactBookLaunchAt,
    fixedReceivedAt: flags.receivedAt === undefined ? null : parseReceivedAt(flags.receivedAt),
    warnings,
  };
}
