import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newEntry } from '../../../processors/domain/identity/entry.js';
import { parseTokenTable } from '../../../processors/domain/lookup/lookup-auth.js';
import { answerLookup } from '../../../processors/domain/lookup/lookup-request.js';
import type { FindResult } from '../../../processors/domain/lookup/lookup-request.js';

interface Schema {
  $ref?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Spec {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, { get: { responses: Record<string, Record<string, unknown>> } }>;
}

const spec = JSON.parse(
  readFileSync(join(process.cwd(), 'processors/domain/lookup/openapi.json'), 'utf8'),
) as Spec;
const responses = spec.paths['/v1/contacts/{portfolioId}/{id}']?.get.responses ?? {};

function resolve(schema: Schema): Schema {
  const name = schema.$ref?.split('/').at(-1);
  return name === undefined ? schema : (spec.components.schemas[name] ?? {});
}

/** The required fields the spec names that the value lacks, as dotted paths. */
function missing(schema: Schema, value: unknown, at = ''): string[] {
  const s = resolve(schema);
  if (Array.isArray(value))
    return value.flatMap((v, i) => missing(s.items ?? {}, v, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const record = value as Record<string, unknown>;
  return [
    ...(s.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k}`),
    ...Object.entries(s.properties ?? {}).flatMap(([k, sub]) =>
      missing(sub, record[k], `${at}.${k}`),
    ),
  ];
}

function bodySchema(status: number): Schema {
  const content = responses[String(status)]?.['content'] as
    Record<string, { schema: Schema }> | undefined;
  return content?.['application/json']?.schema ?? {};
}

const TOKEN = 'spec-token-0123456789ab';
const tokens = parseTokenTable(JSON.stringify({ [TOKEN]: { portfolios: ['acme'], phones: true } }));
const entry = {
  ...newEntry('acme', 'US.222', 0),
  bsuid: 'US.222',
  phone: '15551234567',
  lastInteractionAt: { '1234': 0 },
  recentEventIds: ['wamid.A'],
};
const found: FindResult = {
  state: 'found',
  entry,
  evidence: {
    lineage: [
      { kind: 'BSUID_ROTATION', from: 'US.111', to: 'US.222', eventId: 'wamid.R', at: null },
    ],
    phoneProvenance: { source: 'WEBHOOK', eventId: 'wamid.A', at: null },
  },
};

describe('GET /v1/openapi.json describes the actual answers', () => {
  const cases: [string, FindResult, string, string | undefined][] = [
    ['200', found, 'US.222', `Bearer ${TOKEN}`],
    ['400', found, 'nope', `Bearer ${TOKEN}`],
    ['401', found, 'US.222', undefined],
    ['404', { state: 'missing' }, 'US.222', `Bearer ${TOKEN}`],
    ['503', { state: 'unavailable', retryAfterSeconds: 1 }, 'US.222', `Bearer ${TOKEN}`],
  ];
  it.each(cases)('%s: documented status, every required field present', (_, result, id, auth) => {
    const deps = { tokens, find: () => result, windowMs: 1000, now: () => 0, servedBy: 'w1' };
    const answer = answerLookup(deps, 'acme', id, auth);
    expect(Object.keys(responses)).toContain(String(answer.status));
    expect(missing(bodySchema(answer.status), answer.body)).toEqual([]);
  });

  it('403 is documented and the checker does catch a missing field', () => {
    const deps = { tokens, find: () => found, windowMs: 1000, now: () => 0, servedBy: 'w1' };
    const answer = answerLookup(deps, 'globex', 'US.222', `Bearer ${TOKEN}`);
    expect(answer.status).toBe(403);
    expect(missing(bodySchema(403), answer.body)).toEqual([]);
    expect(missing(bodySchema(200), { portfolioId: 'acme' })).toContain('.servedBy');
  });
});
