// One input record's view of its partition's state while the commands it causes on keys of
// the same partition are applied at once (see kafka-stage.ts). Changes are staged and
// committed together, so a record that fails half-way leaves the state as it was.
import type { ContactEntry } from '../../domain/identity/entry.js';
import type { PartitionState } from './resolve-kafka-state.js';
import type { PortfolioSettings } from '../../domain/identity/portfolio.js';
import type { StateChange } from '../../domain/identity/records.js';

export class StagedState {
  private readonly entries = new Map<string, ContactEntry | null>();
  private readonly portfolios = new Map<string, PortfolioSettings>();
  private readonly changes: StateChange[] = [];

  constructor(private readonly base: PartitionState) {}

  entry(key: string): ContactEntry | undefined {
    const staged = this.entries.get(key);
    if (staged === null) return undefined;
    return staged ?? this.base.entries.get(key);
  }

  settings(portfolioId: string): PortfolioSettings {
    return this.portfolios.get(portfolioId) ?? this.base.settings(portfolioId);
  }

  keys(): string[] {
    const keys = new Set(this.base.entries.keys());
    for (const [key, entry] of this.entries) {
      if (entry === null) keys.delete(key);
      else keys.add(key);
    }
    return [...keys];
  }

  apply(change: StateChange): void {
    this.changes.push(change);
    if (change.kind === 'upsert') this.entries.set(change.key, change.entry);
    else if (change.kind === 'delete') this.entries.set(change.key, null);
    else this.portfolios.set(change.settings.portfolioId, change.settings);
  }

  commit(): void {
    for (const change of this.changes) this.base.apply(change);
  }
}
