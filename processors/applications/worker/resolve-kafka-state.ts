// The resolve stage's state for one owned partition: the contact-book entries of the keys
// that hash to it, and its own copy of every portfolio's settings. Rebuilt from the same
// partition of the compacted contact-book topic (contact-book partition N holds exactly what
// identity-events partition N's owner wrote), and changed only by that owner.
import { WaiError } from '../../domain/errors.js';
import type { ContactEntry } from '../../domain/identity/entry.js';
import { splitKey, SETTINGS_USER_KEY } from '../../domain/identity/keys.js';
import { defaultSettings, type PortfolioSettings } from '../../domain/identity/portfolio.js';
import type { StateChange } from '../../domain/identity/records.js';

export type ContactBookValue = ContactEntry | PortfolioSettings;

export class PartitionState {
  readonly entries = new Map<string, ContactEntry>();
  /** Portfolio id → settings; a portfolio never switched has the defaults. */
  private readonly portfolios = new Map<string, PortfolioSettings>();

  settings(portfolioId: string): PortfolioSettings {
    return this.portfolios.get(portfolioId) ?? defaultSettings(portfolioId);
  }

  /** A contact-book record read back on restore; null is a tombstone. */
  restore(key: string, value: ContactBookValue | null): void {
    const { portfolioId, userKey } = splitKey(key);
    if (userKey === SETTINGS_USER_KEY) {
      if (value === null) this.portfolios.delete(portfolioId);
      else if ('userKey' in value) throw mismatch(key, 'a contact entry');
      else this.portfolios.set(portfolioId, value);
      return;
    }
    if (value === null) this.entries.delete(key);
    else if (!('userKey' in value)) throw mismatch(key, 'portfolio settings');
    else this.entries.set(key, value);
  }

  apply(change: StateChange): void {
    if (change.kind === 'upsert') this.entries.set(change.key, change.entry);
    else if (change.kind === 'delete') this.entries.delete(change.key);
    else this.portfolios.set(change.settings.portfolioId, change.settings);
  }
}

function mismatch(key: string, found: string): WaiError {
  // Only this stage writes the topic: a wrong kind of value is a bug, never input.
  return new WaiError('WAI_INTERNAL', `contact-book key ${key} holds ${found}`);
}
