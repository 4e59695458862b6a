import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import {
  compileResolverConfig,
  DEFAULT_CONTACT_BOOK_LAUNCH_AT,
  hmacPhoneHasher,
} from '../../../processors/domain/identity/config.js';
import { DAY, PHONE } from './fixtures.js';

const functions = { hashPhone: (p: string) => p, portfolioOf: () => null };

describe('resolver config', () => {
  it('defaults to the April 2026 launch, a 30-day window and 64 remembered ids, frozen', () => {
    const config = compileResolverConfig(functions);
    expect(config).toMatchObject({
      contactBookLaunchAt: Date.parse('2026-04-01T00:00:00Z'),
      recentInteractionWindowMs: 30 * DAY,
      dedupMemorySize: 64,
    });
    expect(DEFAULT_CONTACT_BOOK_LAUNCH_AT).toBe(Date.parse('2026-04-01T00:00:00Z'));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every invalid value at once', () => {
    const bad = () =>
      compileResolverConfig({
        ...functions,
        contactBookLaunchAt: Number.NaN,
        recentInteractionWindowMs: 0,
        dedupMemorySize: 0.5,
      });
    expect(bad).toThrow(WaiError);
    expect(bad).toThrow(/contactBookLaunchAt.*recentInteractionWindowMs.*dedupMemorySize/);
  });

  it('hashes phones with the secret: another secret, another key; a short secret is refused', () => {
    const a = hmacPhoneHasher('first-secret-0123456789');
    const b = hmacPhoneHasher('other-secret-0123456789');
    expect(a(PHONE)).toBe(a(PHONE));
    expect(a(PHONE)).not.toBe(b(PHONE));
    expect(a(PHONE)).not.toContain(PHONE);
    expect(() => hmacPhoneHasher('short')).toThrow(/at least 16/);
  });
});
