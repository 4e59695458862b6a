import { describe, expect, it } from '@jest/globals';
import { decodeSegment, parseLookupId } from '../../../processors/domain/lookup/lookup-id.js';

describe('parseLookupId', () => {
  it('reads a BSUID verbatim', () => {
    expect(parseLookupId('US.13491208655302741918')).toEqual({
      kind: 'BSUID',
      value: 'US.13491208655302741918',
    });
  });

  it('reads a phone with or without the plus sign as the same digits', () => {
    expect(parseLookupId('+15551234567')).toEqual({ kind: 'PHONE', value: '15551234567' });
    expect(parseLookupId('15551234567')).toEqual({ kind: 'PHONE', value: '15551234567' });
  });

  it('reads an @username case-insensitively', () => {
    expect(parseLookupId('@Alice_1')).toEqual({ kind: 'USERNAME', value: '@alice_1' });
  });

  it.each(['', '@', 'alice', 'US.ENT.118157992', 'whatsapp:+15551234567', '@a b', '12'])(
    'rejects %p',
    (raw) => {
      expect(parseLookupId(raw)).toBeNull();
    },
  );

  it('decodes URL-encoded segments and refuses broken encodings', () => {
    expect(decodeSegment('%2B15551234567')).toBe('+15551234567');
    expect(decodeSegment('%40alice')).toBe('@alice');
    expect(decodeSegment('%E0%A4%A')).toBeNull();
  });
});
