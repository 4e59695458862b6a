// Stage 1 "split", the pure transform: one raw delivery → N keyed normalized events.
// unwrap provider → per-item parse → portfolio → identity fields → deterministic id → key.
// No clock, no I/O: the only time used is the payload's own or `ctx.receivedAt`.
import type { ProviderName } from '../events/event.js';
import type { EventKeyFn } from '../events/event-key.js';
import { WaiError, toWaiError } from '../errors.js';
import { eventIdOf, finalizeEvent } from '../events/finalize.js';
import type { KeyedEvent } from '../events/stage.js';
import type { PortfolioMap } from './portfolio-map.js';
import { resolvePortfolio } from './portfolio-map.js';
import type { ProviderAdapter } from './providers/adapter.js';
import { DEFAULT_ADAPTERS, selectAdapter } from './providers/registry.js';

export interface SplitContext {
  portfolios: PortfolioMap;
  strictPortfolios: boolean;
  keyOf: EventKeyFn;
  /**
   * Event-time fallback for payloads without a time of their own (Twilio): the input
   * record's timestamp. Never used for ids, so a redelivery still dedupes.
   */
  receivedAt: number | null;
  adapters?: readonly ProviderAdapter[];
}

export type { KeyedEvent };

export interface SplitResult {
  provider: ProviderName | null;
  events: KeyedEvent[];
  /** Items (or the whole envelope) that could not be read: each one is a DLQ record. */
  failures: WaiError[];
  /** One entry per event whose portfolio is the unmapped `waba:` fallback. */
  unmappedPortfolios: string[];
}

export function splitDelivery(raw: unknown, ctx: SplitContext): SplitResult {
  const result: SplitResult = { provider: null, events: [], failures: [], unmappedPortfolios: [] };
  let parsed;
  try {
    const adapter = selectAdapter(raw, ctx.adapters ?? DEFAULT_ADAPTERS);
    result.provider = adapter.name;
    parsed = adapter.unwrap(raw);
  } catch (err) {
    result.failures.push(toWaiError(err));
    return result;
  }
  result.failures.push(...parsed.errors);
  const provider = result.provider;
  const seen = new Set<string>();
  for (const draft of parsed.drafts) {
    try {
      // Meta may repeat an item inside one delivery; the id says it is the same event.
      const eventId = eventIdOf(provider, draft);
      if (seen.has(eventId)) continue;
      seen.add(eventId);
      const occurredAt = draft.occurredAt ?? ctx.receivedAt;
      if (occurredAt === null) {
        throw new WaiError('WAI_BAD_INPUT', 'no event time in the payload and no receipt time', {
          field: 'timestamp',
        });
      }
      const portfolio = resolvePortfolio(ctx.portfolios, draft, ctx.strictPortfolios);
      if (!portfolio.mapped) result.unmappedPortfolios.push(portfolio.portfolioId);
      const event = finalizeEvent({
        draft,
        provider,
        portfolioId: portfolio.portfolioId,
        occurredAt,
      });
      result.events.push({ key: ctx.keyOf(event), event });
    } catch (err) {
      result.failures.push(toWaiError(err));
    }
  }
  return result;
}
