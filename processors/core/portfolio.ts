// BSUIDs are scoped to a business portfolio, and no webhook names the portfolio. Config
// decides it: a phone-number id mapping first (the more specific), then the WABA. An
// unmapped business is its own portfolio (`waba:<id>`), which callers count, and which
// strict mode rejects so a missing mapping cannot silently split a customer in two.
import { WaiError } from './errors.js';
import { isObject } from './json-read.js';

export interface PortfolioMap {
  readonly wabas: Readonly<Record<string, string>>;
  readonly phoneNumbers: Readonly<Record<string, string>>;
}

export interface PortfolioDecision {
  portfolioId: string;
  /** False when the id is the `waba:` / `phone-number:` fallback. */
  mapped: boolean;
}

export const EMPTY_PORTFOLIO_MAP: PortfolioMap = Object.freeze({
  wabas: Object.freeze({}),
  phoneNumbers: Object.freeze({}),
});

function configError(source: string, message: string): WaiError {
  return new WaiError('WAI_CONFIG', `${source}: ${message}`, { field: source });
}

function readSection(raw: unknown, source: string): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw configError(source, 'expected an object of id → portfolio id');
  const out: Record<string, string> = {};
  for (const [id, portfolio] of Object.entries(raw)) {
    // '|' separates portfolio and user in every key: it must not occur in a portfolio id.
    if (typeof portfolio !== 'string' || portfolio === '' || portfolio.includes('|')) {
      throw configError(`${source}.${id}`, 'portfolio id must be a non-empty string without "|"');
    }
    out[id] = portfolio;
  }
  return out;
}

/** Validates `{ "wabas": {id: portfolio}, "phoneNumbers": {id: portfolio} }`. */
export function parsePortfolioMap(raw: unknown, source: string): PortfolioMap {
  if (!isObject(raw)) throw configError(source, 'expected a JSON object');
  const unknown = Object.keys(raw).filter((k) => k !== 'wabas' && k !== 'phoneNumbers');
  if (unknown.length > 0) throw configError(source, `unknown key(s): ${unknown.join(', ')}`);
  return Object.freeze({
    wabas: Object.freeze(readSection(raw['wabas'], `${source}.wabas`)),
    phoneNumbers: Object.freeze(readSection(raw['phoneNumbers'], `${source}.phoneNumbers`)),
  });
}

function mergeSection(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  source: string,
): Record<string, string> {
  const out = { ...a };
  for (const [id, portfolio] of Object.entries(b)) {
    if (out[id] !== undefined && out[id] !== portfolio) {
      throw configError(`${source}.${id}`, `mapped to both ${out[id]} and ${portfolio}`);
    }
    out[id] = portfolio;
  }
  return out;
}

/** Combines maps from several sources (file, env); a contradiction is a config error. */
export function mergePortfolioMaps(a: PortfolioMap, b: PortfolioMap): PortfolioMap {
  return Object.freeze({
    wabas: Object.freeze(mergeSection(a.wabas, b.wabas, 'wabas')),
    phoneNumbers: Object.freeze(mergeSection(a.phoneNumbers, b.phoneNumbers, 'phoneNumbers')),
  });
}

export function resolvePortfolio(
  map: PortfolioMap,
  business: { wabaId: string | null; businessPhoneNumberId: string | null },
  strict: boolean,
): PortfolioDecision {
  const { wabaId, businessPhoneNumberId: numberId } = business;
  const mapped =
    (numberId !== null ? map.phoneNumbers[numberId] : undefined) ??
    (wabaId !== null ? map.wabas[wabaId] : undefined);
  if (mapped !== undefined) return { portfolioId: mapped, mapped: true };
  if (wabaId === null && numberId === null) {
    throw new WaiError('WAI_BAD_INPUT', 'delivery names neither a WABA nor a business number', {
      field: 'entry[].id',
    });
  }
  if (strict) {
    throw new WaiError(
      'WAI_UNMAPPED_PORTFOLIO',
      `no portfolio mapped for WABA ${wabaId ?? '-'} / phone-number id ${numberId ?? '-'}`,
      { field: wabaId !== null ? 'wabaId' : 'businessPhoneNumberId' },
    );
  }
  return {
    portfolioId: wabaId !== null ? `waba:${wabaId}` : `phone-number:${numberId ?? ''}`,
    mapped: false,
  };
}
