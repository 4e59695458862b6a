// The resolve stage over a portfolio's whole state, held by its one owner: the normalize CLI,
// tests and the Kafka worker (which restores `state` from the contact-book partitions it
// owns) all run this. An input's follow-up work (a phone link, a history hand-over, a
// forward along a lineage pointer, a purge) is applied at once, in order, before the next
// input: nothing travels between owners, so the result depends on the input order only.
import type { NormalizedEvent } from '../events/event.js';
import { WaiError } from '../errors.js';
import { parseOutboundRequest } from '../outbound/request.js';
import { parseAdmin, purgePortfolio } from './admin.js';
import type { CommandRecord } from './commands.js';
import { compileResolverConfig, type ResolverConfig, type ResolverOptions } from './config.js';
import { ContactBookState } from './contact-book-state.js';
import { currentContactId } from './contact-id.js';
import type { ContactEntry } from './entry.js';
import { splitKey } from './keys.js';
import type { PortfolioSettings } from './portfolio.js';
import { contactBookRecord, dlqRecord, type OutputRecord, type StepResult } from './records.js';
import { eventKey, outboundKey, step } from './step.js';

/** One input of the stage: a split event, an outbound request line, an admin line. */
export type ResolverInput =
  | { event: NormalizedEvent }
  /** `recordTimestamp`: event time for a request without `requestedAt` (Kafka record time). */
  | { outbound: unknown; recordTimestamp?: number }
  | { admin: unknown };

export interface MemoryResolver {
  readonly config: ResolverConfig;
  readonly state: ContactBookState;
  process(input: ResolverInput): OutputRecord[];
  /** A command already parsed (an outbound request, an admin command) and its follow-ups. */
  run(first: CommandRecord): OutputRecord[];
  entries(): ReadonlyMap<string, ContactEntry>;
  settings(portfolioId: string): PortfolioSettings;
}

/** Work one input may cause (forwards, merges, cascades): far above any real chain. */
export const MAX_ITEMS_PER_INPUT = 10_000;

export function createMemoryResolver(
  options: ResolverOptions,
  state: ContactBookState = new ContactBookState(),
): MemoryResolver {
  const config = compileResolverConfig(options);

  function apply(result: StepResult, out: OutputRecord[], queue: CommandRecord[]): void {
    out.push(...result.outputs);
    for (const change of result.changes) {
      state.apply(change);
      out.push(contactBookRecord(change));
    }
    queue.push(...result.commands);
    for (const broadcast of result.broadcasts) {
      const held = state.keys(broadcast.portfolioId).map((k) => [k, state.entry(k)] as const);
      apply(purgePortfolio(broadcast, held), out, queue);
    }
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
      const settings = state.settings(splitKey(key).portfolioId);
      apply(step(key, state.entry(key), settings, item, config), out, queue);
    }
    return stampContactIds(out);
  }

  /**
   * Every data-stream and export-log record of an input carries the contactId of the person
   * its key stands for once the input's lineage edges (links, merges, hand-overs) are all
   * applied: the event that proves two customers are one already shows the surviving id.
   */
  function stampContactIds(out: OutputRecord[]): OutputRecord[] {
    const entryOf = (key: string) => state.entry(key);
    return out.map((r) => {
      if (r.topic === 'data-stream') {
        return { ...r, value: { ...r.value, contactId: currentContactId(entryOf, r.key) } };
      }
      if (r.topic === 'export-log') {
        return { ...r, value: { ...r.value, contactId: currentContactId(entryOf, r.key) } };
      }
      return r;
    });
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

  return {
    config,
    state,
    process,
    run,
    entries: () => state.entries(),
    settings: (portfolioId) => state.settings(portfolioId),
  };
}
