import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  keyedPhoneHash,
  memoPhoneHasher,
  stableId,
} from '../../../processors/domain/identifiers/digest.js';
import { redact } from '../../../processors/domain/identifiers/redact.js';

describe('keyedPhoneHash', () => {
  it('is stable, keyed, and ignores a leading +', () => {
    const a = keyedPhoneHash('s1', '16505551234');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(keyedPhoneHash('s1', '+16505551234')).toBe(a);
    expect(keyedPhoneHash('s2', '16505551234')).not.toBe(a);
    expect(keyedPhoneHash('s1', '16505551235')).not.toBe(a);
    expect(a).not.toContain('6505551234');
  });
});

describe('memoPhoneHasher', () => {
  it('answers what keyedPhoneHash answers, before and after its memory fills and is trimmed', () => {
    const hash = memoPhoneHasher('s1', 4);
    const phones = Array.from({ length: 10 }, (_, i) => `1650555123${i}`);
    for (const round of [1, 2]) {
      for (const phone of [...phones, ...phones.slice(0, 3)]) {
        expect([round, hash(phone)]).toEqual([round, keyedPhoneHash('s1', phone)]);
      }
    }
    expect(hash('+16505551230')).toBe(keyedPhoneHash('s1', '16505551230'));
  });
});

describe('stableId', () => {
  it('depends on content and part boundaries only', () => {
    expect(stableId(['meta', 'wamid.1'])).toBe(stableId(['meta', 'wamid.1']));
    expect(stableId(['ab', 'c'])).not.toBe(stableId(['a', 'bc']));
    expect(stableId(['meta', 'wamid.1'])).not.toBe(stableId(['twilio', 'wamid.1']));
  });
});

describe('canonicalJson', () => {
  it('orders keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    );
  });
});

describe('redact', () => {
  it('keeps only the last two characters', () => {
    expect(redact('16505551234')).toBe('***34');
    expect(redact('12')).toBe('***');
    expect(redact(undefined)).toBe('undefined');
    expect(redact({})).toBe('<object>');
  });
});
