import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import {
  authorize,
  parseTokenTable,
  tokenFingerprint,
} from '../../../processors/domain/lookup/lookup-auth.js';

const ACME = 'acme-token-0123456789';
const ALL = 'all-token-0123456789ab';
const table = parseTokenTable(
  JSON.stringify({ [ACME]: { portfolios: ['acme'] }, [ALL]: { portfolios: '*', phones: true } }),
);

describe('authorize', () => {
  it('answers 401 without a header, with a non-bearer header or an unknown token', () => {
    for (const header of [undefined, `Basic ${ACME}`, 'Bearer unknown-token-000000']) {
      expect(authorize(table, header, 'acme')).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('answers 403 for a token scoped to another portfolio', () => {
    expect(authorize(table, `Bearer ${ACME}`, 'globex')).toMatchObject({ ok: false, status: 403 });
  });

  it('grants a scoped token its portfolio without phones, and a wildcard token with phones', () => {
    expect(authorize(table, `Bearer ${ACME}`, 'acme')).toEqual({
      ok: true,
      grant: { fingerprint: tokenFingerprint(ACME), portfolios: ['acme'], phones: false },
    });
    const all = authorize(table, `bearer ${ALL}`, 'globex');
    expect(all.ok && all.grant.phones).toBe(true);
  });
});

describe('parseTokenTable', () => {
  it.each([
    ['not json', 'not valid JSON'],
    ['[]', 'JSON object'],
    [JSON.stringify({ short: { portfolios: '*' } }), 'at least 16'],
    [JSON.stringify({ [ACME]: { portfolios: 'acme' } }), 'portfolios'],
    [JSON.stringify({ [ACME]: { portfolios: ['acme'], phones: 'yes' } }), 'phones'],
  ])('rejects %p naming the problem and never the token', (json, expected) => {
    let error: unknown;
    try {
      parseTokenTable(json);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(WaiError);
    const waiError = error as WaiError;
    expect(waiError.code).toBe('WAI_CONFIG');
    expect(waiError.message).toContain('WAI_LOOKUP_TOKENS');
    expect(waiError.message).toContain(expected);
    expect(waiError.message).not.toContain(ACME);
  });
});
