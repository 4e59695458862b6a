// BSUIDs are scoped to a business portfolio, and no webhook names the portfolio. Config
// decides it: a phone-number id mapping first (the more specific), then the WABA. An
// unmapped business is its own portfolio (`waba:<id>`), which callers count, and which
// strict mode rejects so a missing mapping cannot silently split a customer in two.
import { WaiError } from '../errors.js';
import { stableId } from '../identifiers/digest.js';
import { isPhone } from '../identifiers/identifiers.js';
import { isObject } from '../input/json-read.js';
import { dictionary, own } from '../input/own.js';

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

/** One problem with a portfolio map: where (`source.path`) and what. */
export interface PortfolioMapProblem {
  field: string;
  message: string;
}

function readSection(
  raw: unknown,
  source: string,
  problems: PortfolioMapProblem[],
): Record<string, string> {
  const out = dictionary<string>();
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    problems.push({ field: source, message: 'expected an object of id → portfolio id' });
    return out;
  }
  for (const [id, portfolio] of Object.entries(raw)) {
    // '|' separates portfolio and user in every key: it must not occur in a portfolio id.
    if (typeof portfolio !== 'string' || portfolio === '' || portfolio.includes('|')) {
      problems.push({
        field: `${source}.${id}`,
        message: 'portfolio id must be a non-empty string without "|"',
      });
    } else out[id] = portfolio;
  }
  return out;
}

/**
 * Reads `{ "wabas": {id: portfolio}, "phoneNumbers": {id: portfolio} }`, collecting every
 * problem (for configuration that reports all of them at once) with what could be read.
 */
export function readPortfolioMap(
  raw: unknown,
  source: string,
): { map: PortfolioMap; problems: PortfolioMapProblem[] } {
  const problems: PortfolioMapProblem[] = [];
  if (!isObject(raw)) {
    problems.push({ field: source, message: 'expected a JSON object' });
    return { map: EMPTY_PORTFOLIO_MAP, problems };
  }
  for (const k of Object.keys(raw)) {
    if (k !== 'wabas' && k !== 'phoneNumbers') {
      problems.push({
        field: `${source}.${k}`,
        message: 'unknown key (expected wabas, phoneNumbers)',
      });
    }
  }
  const map = Object.freeze({
    wabas: Object.freeze(readSection(raw['wabas'], `${source}.wabas`, problems)),
    phoneNumbers: Object.freeze(
      readSection(raw['phoneNumbers'], `${source}.phoneNumbers`, problems),
    ),
  });
  return { map, problems };
}

/** Validates a portfolio map; a WAI_CONFIG error names every problem (field: the first). */
export function parsePortfolioMap(raw: unknown, source: string): PortfolioMap {
  const { map, problems } = readPortfolioMap(raw, source);
  const [first] = problems;
  if (first === undefined) return map;
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new WaiError('WAI_CONFIG', message, { field: first.field });
}

function mergeSection(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  source: string,
): Record<string, string> {
  const out = Object.assign(dictionary<string>(), a);
  for (const [id, portfolio] of Object.entries(b)) {
    const before = own(out, id);
    if (before !== undefined && before !== portfolio) {
      throw configError(`${source}.${id}`, `mapped to both ${before} and ${portfolio}`);
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
    (numberId !== null ? own(map.phoneNumbers, numberId) : undefined) ??
    (wabaId !== null ? own(map.wabas, wabaId) : undefined);
  if (mapped !== undefined) return { portfolioId: mapped, mapped: true };
  if (wabaId === null && numberId === null) {
    throw new WaiError('WAI_BAD_INPUT', 'delivery names neither a WABA nor a business number', {
      field: 'entry[].id',
    });
  }
  // A business phone number (Twilio's address) is a portfolio id only when it is mapped:
  // unmapped, it is named by a hash, in keys and in messages alike.
  const number =
    numberId === null
      ? '-'
      : isPhone(numberId)
        ? `#${stableId(['business-number', numberId]).slice(0, 16)}`
        : numberId;
  if (strict) {
    throw new WaiError(
      'WAI_UNMAPPED_PORTFOLIO',
      `no portfolio mapped for WABA ${wabaId ?? '-'} / phone-number id ${number}`,
      { field: wabaId !== null ? 'wabaId' : 'businessPhoneNumberId' },
    );
  }
  return {
    portfolioId: wabaId !== null ? `waba:${wabaId}` : `phone-number:${number}`,
    mapped: false,
  };
}
