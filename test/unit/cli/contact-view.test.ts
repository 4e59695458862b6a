// `contacts get`'s lookup over a folded contact book: ids parsed (a clear error naming <id>),
// aliases and rotated-away BSUIDs followed to the current entry, a cycle stopped, and the
// 30-day window per business number computed from the entry's last interactions.
import { describe, expect, it } from '@jest/globals';
import {
  findContact,
  parseContactId,
  type StoredEntry,
} from '../../../processors/applications/contacts/contact-view.js';

const hash = (phone: string): string => `h${phone}`;
const DAY = 24 * 3_600_000;
const NOW = Date.parse('2026-09-01T00:00:00Z');

function entry(userKey: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  return {
    userKey,
    supersededBy: null,
    bsuid: null,
    username: null,
    lastInteractionAt: {},
    ...fields,
  };
}

describe('parseContactId', () => {
  it('tells a BSUID, a phone and a username apart', () => {
    expect(parseContactId('US.123abc')).toEqual({ kind: 'BSUID', value: 'US.123abc' });
    expect(parseContactId('+16505551234')).toEqual({ kind: 'PHONE', value: '16505551234' });
    expect(parseContactId('@Alice')).toEqual({ kind: 'USERNAME', value: '@alice' });
  });

  it('names <id> for anything else, without echoing it', () => {
    for (const bad of ['alice', '@', '12', 'US.', '+1650555123412345', 'whatsapp:US.1']) {
      expect(() => parseContactId(bad)).toThrow(expect.objectContaining({ field: '<id>' }));
    }
  });
});

describe('findContact', () => {
  const entries = new Map<string, StoredEntry>([
    ['acme|phone:h16505551234', entry('phone:h16505551234', { supersededBy: 'acme|US.old' })],
    ['acme|US.old', entry('US.old', { supersededBy: 'US.new', bsuid: 'US.old' })],
    [
      'acme|US.new',
      entry('US.new', {
        bsuid: 'US.new',
        username: 'Alice',
        lastInteractionAt: { '222': NOW - 40 * DAY, '111': NOW - 2 * DAY },
      }),
    ],
    ['other|US.new', entry('US.new', { bsuid: 'US.new', username: 'alice' })],
    ['acme|US.a', entry('US.a', { supersededBy: 'acme|US.b' })],
    ['acme|US.b', entry('US.b', { supersededBy: 'acme|US.a' })],
  ]);

  it('follows a phone alias and a rotated BSUID to the current entry', () => {
    const view = findContact(entries, 'acme', parseContactId('16505551234'), hash, NOW);
    expect(view?.key).toBe('acme|US.new');
    expect(view?.via).toEqual(['acme|phone:h16505551234', 'acme|US.old']);
  });

  it('finds a username case-insensitively within the portfolio only', () => {
    expect(findContact(entries, 'acme', parseContactId('@ALICE'), hash, NOW)?.key).toBe(
      'acme|US.new',
    );
    expect(findContact(entries, 'none', parseContactId('@alice'), hash, NOW)).toBeNull();
  });

  it('computes each business number window, sorted, open only within 30 days', () => {
    const view = findContact(entries, 'acme', parseContactId('US.new'), hash, NOW);
    expect(view?.interactionWindows).toEqual([
      {
        businessPhoneNumberId: '111',
        lastInteractionAt: '2026-08-30T00:00:00.000Z',
        openUntil: '2026-09-29T00:00:00.000Z',
        open: true,
      },
      {
        businessPhoneNumberId: '222',
        lastInteractionAt: '2026-07-23T00:00:00.000Z',
        openUntil: '2026-08-22T00:00:00.000Z',
        open: false,
      },
    ]);
  });

  it('answers null for an unknown key, a dangling link and a cycle', () => {
    expect(findContact(entries, 'acme', parseContactId('US.zzz'), hash, NOW)).toBeNull();
    const dangling = new Map([['acme|US.x', entry('US.x', { supersededBy: 'acme|US.gone' })]]);
    expect(findContact(dangling, 'acme', parseContactId('US.x'), hash, NOW)).toBeNull();
    expect(findContact(entries, 'acme', parseContactId('US.a'), hash, NOW)).toBeNull();
  });
});
