// The load of `npm run bench` is issue 11's mix, and every delivery of it is one the product
// reads without a failure, making exactly the events the mix counts.
import { describe, expect, it } from '@jest/globals';
import { generateMix } from '../../../bench/lib/mix.js';
import { partitionForKey } from '../../../processors/adapters/kafka/partitioner.js';
import { loadConfig } from '../../../processors/applications/config.js';
import { domainSettings } from '../../../processors/applications/worker/domain-settings.js';
import { readInput } from '../../../processors/domain/stream/input-log.js';

const options = {
  seed: 11,
  deliveries: 20_000,
  users: 100_000,
  numbers: 12,
  portfolios: 6,
  partitions: 6,
  partitionOf: partitionForKey,
};

interface Value {
  messages?: { from?: string }[];
  statuses?: unknown[];
}

function valueOf(line: string): Value {
  const parsed = JSON.parse(line) as { entry: { changes: { value: Value }[] }[] };
  return parsed.entry[0]?.changes[0]?.value ?? {};
}

describe('bench mix', () => {
  const mix = generateMix(options);

  it('is 60% one message (a third without the phone), 30% statuses, 10% two messages', () => {
    const values = mix.lines.map(valueOf);
    const share = (f: (v: Value) => boolean) => values.filter(f).length / values.length;
    expect(share((v) => v.messages?.length === 1)).toBeCloseTo(0.6, 1);
    expect(share((v) => v.statuses !== undefined)).toBeCloseTo(0.3, 1);
    expect(share((v) => v.messages?.length === 2)).toBeCloseTo(0.1, 1);
    const messages = values.flatMap((v) => v.messages ?? []);
    const phoneless = messages.filter((m) => m.from === undefined).length / messages.length;
    expect(phoneless).toBeGreaterThan(0.3);
    expect(phoneless).toBeLessThan(0.37);
  });

  it('maps 12 business numbers to portfolios on 6 distinct partitions', () => {
    const numbers = Object.keys(mix.portfolioMap.phoneNumbers);
    expect(numbers).toHaveLength(12);
    const portfolios = [...new Set(Object.values(mix.portfolioMap.phoneNumbers))];
    expect(portfolios).toHaveLength(6);
    expect(new Set(portfolios.map((p) => partitionForKey(p, 6))).size).toBe(6);
  });

  it("is read by the product's split without failures, into the events it counts", () => {
    const { routing } = domainSettings(
      loadConfig({
        WAI_PORTFOLIO_MAP: JSON.stringify(mix.portfolioMap),
        WAI_KEY_SECRET: 'bench-secret-of-enough-length',
      }),
    );
    let events = 0;
    for (const line of mix.lines) {
      const read = readInput(line, 0, routing);
      if (read.kind !== 'delivery') throw new Error(`not a delivery: ${read.kind}`);
      expect(read.split.failures).toEqual([]);
      expect(read.split.unmappedPortfolios).toEqual([]);
      events += read.split.events.length;
    }
    expect(events).toBe(mix.events);
  });

  it('gives distinct message ids to mixes of different tags, the same lines for the same seed', () => {
    const again = generateMix(options);
    expect(again.lines).toEqual(mix.lines);
    const other = generateMix({ ...options, deliveries: 100, tag: 'X' });
    const ids = (lines: string[]) => new Set(lines.map((l) => /wamid\.[A-Z0-9]+/.exec(l)?.[0]));
    const mine = ids(mix.lines);
    expect([...ids(other.lines)].some((id) => mine.has(id))).toBe(false);
  });
});
