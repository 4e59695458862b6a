import { describe, expect, it } from '@jest/globals';
import { newEntry } from '../../../processors/domain/identity/entry.js';
import { parseTokenTable } from '../../../processors/domain/lookup/lookup-auth.js';
import type { LookupId } from '../../../processors/domain/lookup/lookup-id.js';
import { answerLookup, matchLookupPath } from '../../../processors/domain/lookup/lookup-request.js';
import type { FindResult } from '../../../processors/domain/lookup/lookup-request.js';

const READER = 'reader-token-0123456789';
const ADMIN = 'admin-token-0123456789a';
const tokens = parseTokenTable(
  JSON.stringify({
    [READER]: { portfolios: ['acme'] },
    [ADMIN]: { portfolios: '*', phones: true },
  }),
);
const entry = {
  ...newEntry('acme', 'US.222', 0),
  bsuid: 'US.222',
  phone: '15551234567',
  inContactBook: true,
};
const asked: LookupId[] = [];
let result: FindResult = {
  state: 'found',
  entry,
  evidence: { lineage: [], phoneProvenance: null },
};
const deps = {
  tokens,
  windowMs: 1000,
  now: () => 5,
  servedBy: 'w1',
  find: (_portfolioId: string, id: LookupId) => {
    asked.push(id);
    return result;
  },
};

describe('answerLookup', () => {
  it('checks the token before anything else', () => {
    expect(answerLookup(deps, 'acme', 'not-an-id', undefined).status).toBe(401);
    expect(answerLookup(deps, 'globex', 'US.222', `Bearer ${READER}`).status).toBe(403);
  });

  it('answers 400 for a malformed id without echoing it', () => {
    const answer = answerLookup(deps, 'acme', 'whatsapp%3A%2B15551234567', `Bearer ${READER}`);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('1555');
  });

  it('looks up the decoded id and masks the phone without an audit line', () => {
    const answer = answerLookup(deps, 'acme', '%2B15551234567', `Bearer ${READER}`);
    expect(asked.at(-1)).toEqual({ kind: 'PHONE', value: '15551234567' });
    expect(answer).toMatchObject({ status: 200, body: { phoneRevealed: false } });
    expect(answer.audit).toBeUndefined();
  });

  it('reveals the phone to a phones grant and returns an audit record without it', () => {
    const answer = answerLookup(deps, 'acme', '%40alice', `Bearer ${ADMIN}`);
    expect(asked.at(-1)).toEqual({ kind: 'USERNAME', value: '@alice' });
    expect(answer.body).toMatchObject({ phone: '+15551234567', phoneRevealed: true });
    expect(answer.audit).toEqual({
      token: expect.stringMatching(/^[0-9a-f]{12}$/),
      portfolioId: 'acme',
      key: 'acme|US.222',
    });
    expect(JSON.stringify(answer.audit)).not.toContain('1555');
  });

  it('answers 404 for a missing contact and 503 with Retry-After while restoring', () => {
    result = { state: 'missing' };
    expect(answerLookup(deps, 'acme', 'US.333', `Bearer ${READER}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'NOT_FOUND' } },
    });
    result = { state: 'unavailable', retryAfterSeconds: 2 };
    expect(answerLookup(deps, 'acme', 'US.333', `Bearer ${READER}`)).toMatchObject({
      status: 503,
      retryAfterSeconds: 2,
    });
  });

  it('names the partition to forward to when another worker owns it, after the token check', () => {
    result = { state: 'elsewhere', partition: 3 };
    expect(answerLookup(deps, 'acme', 'US.333', `Bearer ${READER}`)).toMatchObject({
      status: 503,
      forwardTo: 3,
      body: { error: { code: 'UNAVAILABLE' } },
    });
    expect(answerLookup(deps, 'acme', 'US.333', undefined)).not.toHaveProperty('forwardTo');
  });
});

describe('matchLookupPath', () => {
  it('splits the portfolio and the raw id, and ignores other paths', () => {
    expect(matchLookupPath('/v1/contacts/acme/%40alice')).toEqual({
      portfolioId: 'acme',
      rawId: '%40alice',
    });
    expect(matchLookupPath('/v1/contacts/acme')).toBeNull();
    expect(matchLookupPath('/v1/openapi.json')).toBeNull();
  });
});
