import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WaiError } from '../../../processors/domain/errors.js';
import {
  bsuidCountry,
  classifyIdentifier,
  isBsuid,
  isParentBsuid,
  isPhone,
  parseAnyIdentifier,
  parseBsuid,
  parseParentBsuid,
  parsePhone,
  parseUsername,
  stripChannelPrefix,
} from '../../../processors/domain/identifiers/identifiers.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const alnum = (min: number, max: number) =>
  fc.array(fc.constantFrom(...ALNUM), { minLength: min, maxLength: max }).map((a) => a.join(''));
const country = fc
  .tuple(fc.constantFrom(...UPPER), fc.constantFrom(...UPPER))
  .map(([a, b]) => a + b);
const bsuid = fc.tuple(country, alnum(1, 128)).map(([cc, id]) => `${cc}.${id}`);
const parentBsuid = fc.tuple(country, alnum(1, 128)).map(([cc, id]) => `${cc}.ENT.${id}`);
const phone = fc
  .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{5,15}$/))
  .map(([plus, digits]) => (plus ? `+${digits}` : digits));

describe('BSUID', () => {
  it('round-trips every valid BSUID verbatim (letters allowed)', () => {
    fc.assert(
      fc.property(bsuid, (id) => {
        expect(classifyIdentifier(id)).toEqual({ kind: 'BSUID', value: id });
        expect(parseBsuid(id, 'f')).toBe(id);
        expect(parseBsuid(`whatsapp:${id}`, 'f')).toBe(id);
      }),
    );
  });

  it('round-trips every valid parent BSUID', () => {
    fc.assert(
      fc.property(parentBsuid, (id) => {
        expect(parseParentBsuid(id, 'f')).toBe(id);
        expect(isBsuid(id)).toBe(false);
        expect(isParentBsuid(id)).toBe(true);
      }),
    );
  });

  it('accepts suffix lengths 1 and 128 and rejects 129', () => {
    expect(isBsuid('US.1')).toBe(true);
    expect(isBsuid(`US.${'a'.repeat(128)}`)).toBe(true);
    expect(isBsuid(`US.${'a'.repeat(129)}`)).toBe(false);
    expect(isParentBsuid('US.ENT.Z')).toBe(true);
    expect(isParentBsuid(`US.ENT.${'9'.repeat(128)}`)).toBe(true);
    expect(isParentBsuid(`US.ENT.${'9'.repeat(129)}`)).toBe(false);
    expect(() => parseBsuid(`US.${'a'.repeat(129)}`, 'contacts[0].user_id')).toThrow(WaiError);
  });

  it('rejects malformed BSUIDs', () => {
    for (const bad of [
      'US.',
      'U.123',
      'USA.123',
      'us.123',
      'US-123',
      'US.12-3',
      'US.ENT.',
      '.123',
      'US..1',
    ]) {
      expect(classifyIdentifier(bad)).toBeNull();
    }
  });

  it('reads ENT only as the parent marker when followed by a period', () => {
    expect(classifyIdentifier('US.ENT7')).toEqual({ kind: 'BSUID', value: 'US.ENT7' });
    expect(classifyIdentifier('US.ENT.7')?.kind).toBe('PARENT_BSUID');
    expect(bsuidCountry('BR.ENT.7')).toBe('BR');
  });
});

describe('phone vs BSUID', () => {
  it('never classifies a phone as a BSUID', () => {
    fc.assert(
      fc.property(phone, (p) => expect(classifyIdentifier(p)).toEqual({ kind: 'PHONE', value: p })),
    );
  });

  it('never classifies a BSUID or parent BSUID as a phone', () => {
    fc.assert(
      fc.property(fc.oneof(bsuid, parentBsuid), (id) => {
        expect(isPhone(id)).toBe(false);
        expect(() => parsePhone(id, 'wa_id')).toThrow(WaiError);
      }),
    );
  });

  it('keeps phones exactly as sent (no + added or removed)', () => {
    expect(parsePhone('16505551234', 'wa_id')).toBe('16505551234');
    expect(parsePhone('+16505551234', 'wa_id')).toBe('+16505551234');
    expect(parsePhone('whatsapp:+16505551234', 'From')).toBe('+16505551234');
    expect(parsePhone(16505551234, 'wa_id')).toBe('16505551234');
  });

  it('rejects phones with formatting, letters, or bad length', () => {
    for (const bad of [
      '1650 555 1234',
      '(650)5551234',
      '1234',
      '1234567890123456',
      '++1650555',
      '1650x5551234',
    ]) {
      expect(isPhone(bad)).toBe(false);
    }
  });
});

describe('field parsing', () => {
  it('treats missing, null and blank as absent', () => {
    for (const absent of [undefined, null, '', '   ']) {
      expect(parseBsuid(absent, 'f')).toBeNull();
      expect(parsePhone(absent, 'f')).toBeNull();
      expect(parseAnyIdentifier(absent, 'f')).toBeNull();
    }
  });

  it('names the field and redacts the value in the error', () => {
    let caught: unknown;
    try {
      parsePhone('US.13491208655302741918', 'entry[0].changes[0].value.contacts[0].wa_id');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WaiError);
    const err = caught as WaiError;
    expect(err.code).toBe('WAI_BAD_IDENTIFIER');
    expect(err.field).toBe('entry[0].changes[0].value.contacts[0].wa_id');
    expect(err.message).toContain('***18');
    expect(err.message).not.toContain('13491208655302741918');
  });

  it('never echoes a phone in clear in an error', () => {
    fc.assert(
      fc.property(phone, (p) => {
        try {
          parseBsuid(p, 'user_id');
        } catch (err) {
          expect((err as Error).message).not.toContain(p);
          return;
        }
        throw new Error('phone accepted as BSUID');
      }),
    );
  });

  it('classifies either kind for addresses that may hold both', () => {
    expect(parseAnyIdentifier('whatsapp:US.ABC123XYZ', 'From')).toEqual({
      kind: 'BSUID',
      value: 'US.ABC123XYZ',
    });
    expect(parseAnyIdentifier('whatsapp:+14155238886', 'From')).toEqual({
      kind: 'PHONE',
      value: '+14155238886',
    });
    expect(() => parseAnyIdentifier('whatsapp:sheena.n', 'From')).toThrow(WaiError);
    expect(() => parseAnyIdentifier(42, 'From')).toThrow(WaiError);
  });

  it('strips channel prefixes and surrounding space only', () => {
    expect(stripChannelPrefix(' whatsapp:US.1 ')).toBe('US.1');
    expect(stripChannelPrefix('Channel:US.1')).toBe('US.1');
    expect(stripChannelPrefix('+16505551234')).toBe('+16505551234');
  });

  it('treats a username as free text, never as an identifier', () => {
    expect(parseUsername(' sheena.n ')).toBe('sheena.n');
    expect(parseUsername('')).toBeNull();
    expect(parseUsername(7)).toBeNull();
  });
});
