// The resolve stage with its state in memory, for the normalize CLI and tests. It runs the
// same pure step as the Kafka stage; command records are applied at once, in order, instead
// of travelling through the identity-events topic, and broadcasts go to the only "partition".
// Memory holds the entries and settings and nothing per event beyond them.
import type { NormalizedEvent } from '../events/event.js';
import { WaiError } from '../errors.js';
import { parseOutboundRequest } from '../outbound/request.js';
import { parseAdmin, purgePortfolio } from './admin.js';
import type { CommandRecord } from './commands.js';
import { compileResolverConfig, type ResolverOptions } from './config.js';
import type { ContactEntry } from './entry.js';
import { splitKey } from './keys.js';
import { defaultSettings, type PortfolioSettings } from './portfolio.js';
import { dlqRecord, contactBookRecord, type OutputRecord, type StepResult } from './records.js';
import { eventKey, outboundKey, step } from './step.js';

/** One input of the stage: a split event, an outbound request line, an admin line. */
export type ResolverInput =
  | { event: NormalizedEvent }
  /** `recordTimestamp`: event time for a request without `requestedAt` (Kafka record time). */
  | { outbound: unknown; recordTimestamp?: number }
  | { admin: unknown };

export interface MemoryResolver {
  process(input: ResolverInput): OutputRecord[];
  entries(): ReadonlyMap<string, ContactEntry>;
  settings(portfolioId: string): PortfolioSettings;
}

/** Work one input may cause (forwards, merges, cascades): far above any real chain. */
const MAX_ITEMS_PER_INPUT = 10_000;

export function createMemoryResolver(options: ResolverOptions): MemoryResolver {
  const config = compileResolverConfig(options);
  const entries = new Map<string, ContactEntry>();
  const portfolios = new Map<string, PortfolioSettings>();
  const settingsOf = (portfolioId: string) =>
    portfolios.get(portfolioId) ?? defaultSettings(portfolioId);

  function apply(result: StepResult, out: OutputRecord[], queue: CommandRecord[]): void {
    out.push(...result.outputs);
    for (const change of result.changes) {
      if (change.kind === 'upsert') entries.set(change.key, change.entry);
      else if (change.kind === 'delete') entries.delete(change.key);
      else portfolios.set(change.settings.portfolioId, change.settings);
      out.push(contactBookRecord(change));
    }
    queue.push(...result.commands);
    for (const broadcast of result.broadcasts)
      apply(purgePortfolio(broadcast, [...entries.keys()]), out, queue);
  }

  function run(first: CommandRecord): OutputRecord[] {
    const out: OutputRecord[] = [];
    const queue = [first];
    for (let i = 0; i < queue.length; i++) {
      if (i >= MAX_ITEMS_PER_INPUT) {
        throw new WaiError(
          'WAI_INTERNAL',
          `one input caused more than ${MAX_ITEMS_PER_INPUT} commands`,
        );
      }
      const { key, item } = queue[i] as CommandRecord;
      const result = step(
        key,
        entries.get(key),
        settingsOf(splitKey(key).portfolioId),
        item,
        config,
      );
      apply(result, out, queue);
    }
    return out;
  }

  function process(input: ResolverInput): OutputRecord[] {
    if ('event' in input) {
      return run({
        key: eventKey(input.event, config),
        item: { type: 'event', event: input.event, hops: 0 },
      });
    }
    if ('outbound' in input) {
      const parsed = parseOutboundRequest(
        input.outbound,
        config.portfolioOf,
        input.recordTimestamp,
      );
      if (!parsed.ok) return [dlqRecord(null, parsed.code, parsed.problems, input.outbound)];
      const { request } = parsed;
      return run({
        key: outboundKey(request, config),
        item: { type: 'outbound', request, hops: 0 },
      });
    }
    const parsed = parseAdmin(input.admin);
    if (!parsed.ok) return [dlqRecord(parsed.key, parsed.code, parsed.problems, input.admin)];
    return run(parsed.record);
  }

  return { process, entries: () => entries, settings: settingsOf };
}
