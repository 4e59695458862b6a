// Golden fixtures: test/fixtures/normalize/NN-name.input.json → NN-name.expected.json.
// Expected files were written from the rules (each names its rule), not captured from the
// code. They list only non-null event fields: every other field must be null. eventId is
// given as the content it hashes (`eventIdFrom`), keys may use {{hmac:<phone>}} and
// {{eventId}}, so the files state the id and keying rules rather than opaque hashes.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyedPhoneHash, stableId } from '../../../processors/domain/identifiers/digest.js';
import { toWaiError } from '../../../processors/domain/errors.js';
import type { NormalizedEvent } from '../../../processors/domain/events/event.js';
import { parsePortfolioMap } from '../../../processors/domain/webhooks/portfolio-map.js';
import { decodeDelivery } from '../../../processors/domain/webhooks/decode.js';
import type { SplitResult } from '../../../processors/domain/webhooks/split.js';
import { splitDelivery } from '../../../processors/domain/webhooks/split.js';
import { TEST_SECRET, testContext } from './test-context.js';
import { present } from '../../helpers/present.js';

const DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'normalize');
const DEFAULT_MAP = {
  wabas: { '102290129340398': 'acme' },
  phoneNumbers: { '+14155238886': 'acme-twilio' },
};

// Every field of the contract: a field missing from the expected file must be null.
const FIELDS: ReadonlyArray<keyof NormalizedEvent> = [
  'eventId',
  'eventType',
  'direction',
  'occurredAt',
  'provider',
  'portfolioId',
  'wabaId',
  'businessPhoneNumberId',
  'waid',
  'waidSource',
  'phone',
  'phoneSource',
  'bsuid',
  'parentBsuid',
  'userHandle',
  'profileName',
  'sessionKey',
  'messageId',
  'messageType',
  'status',
  'previousBsuid',
  'previousPhone',
  'previousParentBsuid',
  'sourceField',
  'sharedContacts',
  'errorCode',
  'preferenceCategory',
  'preferenceValue',
  'rawPayload',
  'contactId',
  'requestId',
  'previousContactId',
];

interface FixtureInput {
  rule: string;
  delivery?: unknown;
  line?: string;
  context?: { receivedAt?: number; strictPortfolios?: boolean; portfolioMap?: unknown };
}
interface ExpectedEvent {
  key: string;
  eventIdFrom: string[];
  event: Record<string, unknown>;
}
interface FixtureExpected {
  rule: string;
  events: ExpectedEvent[];
  failures: Array<{ code: string; field: string }>;
  unmappedPortfolios: string[];
}

const names = readdirSync(DIR)
  .filter((f) => f.endsWith('.input.json'))
  .map((f) => f.slice(0, -'.input.json'.length))
  .sort();

const read = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));

function run(input: FixtureInput): SplitResult {
  const c = input.context ?? {};
  const ctx = testContext({
    portfolios: parsePortfolioMap(c.portfolioMap ?? DEFAULT_MAP, 'fixture'),
    strictPortfolios: c.strictPortfolios ?? false,
    receivedAt: c.receivedAt ?? null,
  });
  if (input.line === undefined) return splitDelivery(input.delivery, ctx);
  try {
    return splitDelivery(decodeDelivery(input.line), ctx);
  } catch (err) {
    return { provider: null, events: [], failures: [toWaiError(err)], unmappedPortfolios: [] };
  }
}

function expand(key: string, eventId: string): string {
  return key
    .replace(/\{\{hmac:([^}]+)\}\}/g, (_, phone: string) => keyedPhoneHash(TEST_SECRET, phone))
    .replace('{{eventId}}', eventId);
}

describe('golden fixtures (test/fixtures/normalize)', () => {
  it('has at least 40 pairs, each naming its rule', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
    for (const name of names) {
      const input = read(`${name}.input.json`) as FixtureInput;
      const expected = read(`${name}.expected.json`) as FixtureExpected;
      expect(input.rule.length).toBeGreaterThan(10);
      expect(expected.rule).toBe(input.rule);
    }
  });

  it.each(names)('%s', (name) => {
    const input = read(`${name}.input.json`) as FixtureInput;
    const expected = read(`${name}.expected.json`) as FixtureExpected;
    const result = run(input);

    expect(result.failures.map((f) => ({ code: f.code, field: f.field }))).toEqual(
      expected.failures,
    );
    expect(result.unmappedPortfolios).toEqual(expected.unmappedPortfolios);
    expect(result.events).toHaveLength(expected.events.length);
    expected.events.forEach((want, i) => {
      const got = present(result.events[i]);
      for (const field of Object.keys(want.event)) expect(FIELDS).toContain(field);
      const eventId = stableId(want.eventIdFrom);
      const full = Object.fromEntries(
        FIELDS.map((f) => [f, f === 'eventId' ? eventId : (want.event[f] ?? null)]),
      );
      expect(got.event).toEqual(full);
      expect(got.key).toBe(expand(want.key, eventId));
    });
  });

  it('is deterministic: a second run of every fixture gives the same ids and keys', () => {
    for (const name of names) {
      const input = read(`${name}.input.json`) as FixtureInput;
      const ids = (r: SplitResult) => r.events.map((e) => `${e.key} ${e.event.eventId}`);
      expect(ids(run(input))).toEqual(ids(run(input)));
    }
  });
});
