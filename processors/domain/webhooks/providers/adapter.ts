// A provider adapter recognizes its own envelope by shape and unwraps it into drafts.
// Adding a provider = one module exporting a ProviderAdapter, listed in registry.ts.
import type { ParsedDelivery } from '../../events/draft.js';
import type { ProviderName } from '../../events/event.js';

export interface ProviderAdapter {
  readonly name: ProviderName;
  /** Shape test only: cheap, total (never throws), no side effects. */
  matches(raw: unknown): boolean;
  /** Called only when `matches(raw)`; item errors are returned, envelope errors may throw. */
  unwrap(raw: unknown): ParsedDelivery;
}
