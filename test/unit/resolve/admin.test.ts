// Admin lines: every invalid field named, parent BSUIDs refused, the switch idempotent, and
// a purge limited to the portfolio it names.
import { describe, expect, it } from '@jest/globals';
import {
  parseAdmin,
  purgePortfolio,
  setContactBook,
} from '../../../processors/domain/identity/admin.js';
import { freshEntry } from '../../../processors/domain/identity/entry.js';
import { defaultSettings } from '../../../processors/domain/identity/portfolio.js';
import {
  BSUID,
  bsuidKey,
  OTHER_PORTFOLIO,
  NEW_PHONE,
  PARENT,
  PHONE,
  phoneKeyOf,
  PORTFOLIO,
} from './fixtures.js';

const fields = (parsed: ReturnType<typeof parseAdmin>) =>
  parsed.ok ? [] : parsed.problems.map((p) => p.field);

describe('parseAdmin', () => {
  it('routes a delete to the BSUID’s key and a switch to the portfolio’s settings key', () => {
    expect(
      parseAdmin({ action: 'deleteContact', portfolioId: PORTFOLIO, bsuid: BSUID, at: 5 }),
    ).toEqual({
      ok: true,
      record: { key: bsuidKey(BSUID), item: { type: 'deleteContact', at: 5, hops: 0 } },
    });
    expect(parseAdmin({ action: 'enableContactBook', portfolioId: PORTFOLIO, at: 5 })).toEqual({
      ok: true,
      record: {
        key: `${PORTFOLIO}|~settings`,
        item: { type: 'setContactBook', enabled: true, at: 5 },
      },
    });
  });

  it('names every missing or invalid field at once', () => {
    expect(fields(parseAdmin({ action: 'purgeAll', at: 'yesterday' }))).toEqual([
      'admin.action',
      'admin.portfolioId',
      'admin.at',
    ]);
    expect(fields(parseAdmin({ action: 'deleteContact', portfolioId: PORTFOLIO, at: 1 }))).toEqual([
      'admin.bsuid',
    ]);
    expect(fields(parseAdmin('disable'))).toEqual(['admin']);
  });

  it('refuses a parent BSUID, or a phone, as the id of a contact to delete', () => {
    const parent = parseAdmin({
      action: 'deleteContact',
      portfolioId: PORTFOLIO,
      bsuid: PARENT,
      at: 1,
    });
    expect(parent).toMatchObject({ ok: false, code: 'WAI_BAD_IDENTIFIER' });
    expect(parent.ok ? '' : parent.problems[0]?.message).toMatch(
      /parent BSUID .* standard BSUID only/,
    );
    const phone = parseAdmin({
      action: 'deleteContact',
      portfolioId: PORTFOLIO,
      bsuid: PHONE,
      at: 1,
    });
    expect(phone).toMatchObject({ ok: false, code: 'WAI_BAD_IDENTIFIER' });
    // The rejected value is never echoed (it may be a phone number).
    expect(JSON.stringify(phone)).not.toContain(PHONE);
  });
});

describe('setContactBook', () => {
  const key = `${PORTFOLIO}|~settings`;
  const on = defaultSettings(PORTFOLIO);

  it('disables with a purge broadcast, every time', () => {
    const result = setContactBook(key, on, { type: 'setContactBook', enabled: false, at: 9 });
    expect(result.changes).toEqual([
      {
        kind: 'settings',
        key,
        settings: {
          portfolioId: PORTFOLIO,
          contactBookEnabled: false,
          storeFrom: null,
          changedAt: 9,
        },
      },
    ]);
    expect(result.broadcasts).toEqual([{ type: 'purgePortfolio', portfolioId: PORTFOLIO, at: 9 }]);
    const off = { ...on, contactBookEnabled: false };
    expect(
      setContactBook(key, off, { type: 'setContactBook', enabled: false, at: 10 }).broadcasts,
    ).toHaveLength(1);
  });

  it('re-enables storing from the enable time only, and ignores a repeat', () => {
    const off = { ...on, contactBookEnabled: false, changedAt: 9 };
    expect(
      setContactBook(key, off, { type: 'setContactBook', enabled: true, at: 20 }).changes,
    ).toEqual([
      {
        kind: 'settings',
        key,
        settings: {
          portfolioId: PORTFOLIO,
          contactBookEnabled: true,
          storeFrom: 20,
          changedAt: 20,
        },
      },
    ]);
    expect(
      setContactBook(key, on, { type: 'setContactBook', enabled: true, at: 20 }).changes,
    ).toEqual([]);
  });
});

describe('purgePortfolio', () => {
  it('tombstones that portfolio’s phone aliases, unlinks its linked entries, keeps the rest', () => {
    const linked = {
      ...freshEntry(bsuidKey(BSUID), 1),
      phone: PHONE,
      inContactBook: true,
      contactBookSince: 1,
      contactBookVia: 'INTERACTION' as const,
      lastInteractionAt: { bpn: 1 },
    };
    const alias = { ...freshEntry(phoneKeyOf(PHONE), 1), supersededBy: bsuidKey(BSUID) };
    const phoneOnly = { ...freshEntry(phoneKeyOf(NEW_PHONE), 1), phone: NEW_PHONE };
    const entries = [
      [bsuidKey(BSUID), linked],
      [phoneKeyOf(PHONE), alias],
      [phoneKeyOf(NEW_PHONE), phoneOnly],
      [`${PORTFOLIO}|~settings`, undefined],
      [bsuidKey(BSUID, OTHER_PORTFOLIO), { ...linked, portfolioId: OTHER_PORTFOLIO }],
    ] as const;
    const command = { type: 'purgePortfolio', portfolioId: PORTFOLIO, at: 1 } as const;
    expect(purgePortfolio(command, entries).changes).toEqual([
      {
        kind: 'upsert',
        key: bsuidKey(BSUID),
        entry: {
          ...linked,
          inContactBook: false,
          contactBookSince: null,
          contactBookVia: null,
        },
      },
      { kind: 'delete', key: phoneKeyOf(PHONE) },
    ]);
  });
});
