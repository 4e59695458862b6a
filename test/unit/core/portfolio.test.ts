import { describe, expect, it } from '@jest/globals';
import {
  EMPTY_PORTFOLIO_MAP,
  mergePortfolioMaps,
  parsePortfolioMap,
  resolvePortfolio,
} from '../../../processors/domain/webhooks/portfolio-map.js';

const map = parsePortfolioMap({ wabas: { W1: 'p-waba' }, phoneNumbers: { N1: 'p-number' } }, 'cfg');

describe('resolvePortfolio', () => {
  it('maps by phone-number id first, then WABA', () => {
    expect(resolvePortfolio(map, { wabaId: 'W1', businessPhoneNumberId: 'N1' }, false)).toEqual({
      portfolioId: 'p-number',
      mapped: true,
    });
    expect(resolvePortfolio(map, { wabaId: 'W1', businessPhoneNumberId: 'N9' }, false)).toEqual({
      portfolioId: 'p-waba',
      mapped: true,
    });
  });

  it('makes an unmapped WABA its own portfolio', () => {
    expect(resolvePortfolio(map, { wabaId: 'W2', businessPhoneNumberId: 'N2' }, false)).toEqual({
      portfolioId: 'waba:W2',
      mapped: false,
    });
    expect(resolvePortfolio(map, { wabaId: null, businessPhoneNumberId: 'N2' }, false)).toEqual({
      portfolioId: 'phone-number:N2',
      mapped: false,
    });
  });

  it('rejects an unmapped business in strict mode', () => {
    expect(() =>
      resolvePortfolio(map, { wabaId: 'W2', businessPhoneNumberId: null }, true),
    ).toThrow(expect.objectContaining({ code: 'WAI_UNMAPPED_PORTFOLIO' }));
    expect(resolvePortfolio(map, { wabaId: 'W1', businessPhoneNumberId: null }, true).mapped).toBe(
      true,
    );
  });

  it('rejects a delivery with no business side at all', () => {
    expect(() =>
      resolvePortfolio(EMPTY_PORTFOLIO_MAP, { wabaId: null, businessPhoneNumberId: null }, false),
    ).toThrow(expect.objectContaining({ code: 'WAI_BAD_INPUT' }));
  });
});

describe('portfolio map config', () => {
  it('rejects unknown keys, non-string ids and the key separator', () => {
    expect(() => parsePortfolioMap({ waba: {} }, 'f')).toThrow(/unknown key/);
    expect(() => parsePortfolioMap({ wabas: { W: 3 } }, 'f')).toThrow(
      expect.objectContaining({ code: 'WAI_CONFIG', field: 'f.wabas.W' }),
    );
    expect(() => parsePortfolioMap({ wabas: { W: 'a|b' } }, 'f')).toThrow(/without "\|"/);
    expect(() => parsePortfolioMap([], 'f')).toThrow(/JSON object/);
  });

  it('merges sources and refuses contradictions', () => {
    const env = parsePortfolioMap({ wabas: { W3: 'p3' } }, 'env');
    expect(mergePortfolioMaps(map, env).wabas).toEqual({ W1: 'p-waba', W3: 'p3' });
    const clash = parsePortfolioMap({ wabas: { W1: 'other' } }, 'env');
    expect(() => mergePortfolioMaps(map, clash)).toThrow(
      expect.objectContaining({ code: 'WAI_CONFIG' }),
    );
  });
});
