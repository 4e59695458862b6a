// Outbound request validation: every missing or invalid field is named, values that may be
// phone numbers are never echoed, and the portfolio comes from config when absent.
import { describe, expect, it } from '@jest/globals';
import { parseOutboundRequest } from '../../../processors/domain/outbound/request.js';

const portfolioOf = (bpn: string) => (bpn === '106540352242922' ? 'acme' : null);
const valid = {
  requestId: 'req-1',
  businessPhoneNumberId: '106540352242922',
  waid: 'whatsapp:US.13491208655302741918',
  message: { type: 'text', text: { body: 'hi' } },
  requestedAt: 1751364000000,
};
const problems = (raw: unknown, ts?: number) => {
  const parsed = parseOutboundRequest(raw, portfolioOf, ts);
  return parsed.ok ? [] : parsed.problems.map((p) => p.field);
};

describe('parseOutboundRequest', () => {
  it('accepts a request, strips the channel prefix and maps the portfolio', () => {
    expect(parseOutboundRequest(valid, portfolioOf)).toEqual({
      ok: true,
      request: {
        ...valid,
        waid: 'US.13491208655302741918',
        waidKind: 'BSUID',
        portfolioId: 'acme',
      },
    });
    const explicit = parseOutboundRequest(
      { ...valid, portfolioId: 'globex', waid: '+16505551234' },
      portfolioOf,
    );
    expect(explicit).toMatchObject({
      ok: true,
      request: { portfolioId: 'globex', waidKind: 'PHONE', waid: '+16505551234' },
    });
  });

  it('names each missing field', () => {
    expect(problems({})).toEqual([
      'outbound.requestId',
      'outbound.businessPhoneNumberId',
      'outbound.waid',
      'outbound.message',
      'outbound.requestedAt',
    ]);
    expect(problems(null)).toEqual(['outbound']);
  });

  it('names each invalid field', () => {
    expect(
      problems({
        ...valid,
        requestId: 7,
        businessPhoneNumberId: 'abc',
        waid: 'sheena.n',
        requestedAt: -1,
      }),
    ).toEqual([
      'outbound.requestId',
      'outbound.businessPhoneNumberId',
      'outbound.waid',
      'outbound.requestedAt',
      'outbound.portfolioId',
    ]);
    expect(problems({ ...valid, message: { type: 'text' } })).toEqual(['outbound.message.text']);
    expect(problems({ ...valid, message: { text: {} } })).toEqual(['outbound.message.type']);
  });

  it('refuses a message that addresses the user itself (routing is derived from waid)', () => {
    expect(
      problems({ ...valid, message: { ...valid.message, to: '16505551234', recipient: 'US.1' } }),
    ).toEqual(['outbound.message.to', 'outbound.message.recipient']);
  });

  it('uses the record time when the request has none, and flags an unmapped business number', () => {
    const { requestedAt: _omitted, ...timeless } = valid;
    expect(parseOutboundRequest(timeless, portfolioOf, 42)).toMatchObject({
      ok: true,
      request: { requestedAt: 42 },
    });
    const unmapped = parseOutboundRequest({ ...valid, businessPhoneNumberId: '999' }, portfolioOf);
    expect(unmapped).toMatchObject({
      ok: false,
      code: 'WAI_UNMAPPED_PORTFOLIO',
      problems: [{ field: 'outbound.portfolioId' }],
    });
  });

  it('reports a malformed waid as a bad identifier without echoing it', () => {
    const parsed = parseOutboundRequest({ ...valid, waid: '1650-555-1234' }, portfolioOf);
    expect(parsed).toMatchObject({ ok: false, code: 'WAI_BAD_IDENTIFIER' });
    expect(JSON.stringify(parsed)).not.toContain('555');
  });
});
