// What provisioning decides before touching the cluster: which topics to create and how, how
// existing ones differ from the configuration, and the co-partitioning refusal.
import { describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../../processors/domain/errors.js';
import { topicSpecs, type TopicSpec } from '../../../../processors/adapters/kafka/topics.js';
import type { ExistingTopic } from '../../../../processors/applications/provision/cluster.js';
import {
  checkCoPartitioning,
  planTopics,
} from '../../../../processors/applications/provision/plan.js';

const specs = topicSpecs('t.');
const wanted = { partitions: 3, replicationFactor: 2 };

function spec(id: TopicSpec['id']): TopicSpec {
  const found = specs.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no spec ${id}`);
  return found;
}

/** An existing topic exactly as `spec` and `wanted` ask, with `changes` applied. */
function existing(s: TopicSpec, changes: Partial<ExistingTopic> = {}): ExistingTopic {
  return { name: s.name, ...wanted, configs: { ...s.configs }, ...changes };
}

function cluster(...topics: ExistingTopic[]): Map<string, ExistingTopic> {
  return new Map(topics.map((t) => [t.name, t]));
}

function refusal(run: () => void): WaiError {
  try {
    run();
  } catch (err) {
    if (err instanceof WaiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('planTopics', () => {
  it('creates every missing topic with the configured shape and its own settings', () => {
    const plan = planTopics(specs, cluster(), wanted);
    expect(plan.found).toEqual([]);
    expect(plan.create).toEqual(
      specs.map((s) => ({ name: s.name, partitions: 3, replicationFactor: 2, configs: s.configs })),
    );
    expect(plan.create.find((c) => c.name === 't.contact-book')?.configs).toMatchObject({
      'cleanup.policy': 'compact',
    });
  });

  it('finds existing topics as they are and creates only the others, in spec order', () => {
    const book = spec('contactBook');
    const input = spec('input');
    const plan = planTopics(specs, cluster(existing(book), existing(input)), wanted);
    expect(plan.found).toEqual([
      { id: 'input', name: input.name, action: 'found', ...wanted, drift: [] },
      { id: 'contactBook', name: book.name, action: 'found', ...wanted, drift: [] },
    ]);
    expect(plan.create.map((c) => c.name)).toEqual(
      specs.filter((s) => s !== book && s !== input).map((s) => s.name),
    );
  });

  it('reports drift in partitions, replication and each setting, keeping what exists', () => {
    const book = spec('contactBook');
    const { 'segment.ms': _unset, ...configs } = book.configs;
    const topic = existing(book, {
      partitions: 6,
      replicationFactor: 1,
      configs: { ...configs, 'cleanup.policy': 'delete' },
    });
    const [found] = planTopics([book], cluster(topic), wanted).found;
    expect(found).toEqual({
      id: 'contactBook',
      name: book.name,
      action: 'found',
      partitions: 6,
      replicationFactor: 1,
      drift: [
        'partitions 6 (asked: 3)',
        'replication factor 1 (asked: 2)',
        'cleanup.policy=delete (asked: compact)',
        `segment.ms=(unset) (asked: ${book.configs['segment.ms']})`,
      ],
    });
  });

  it('ignores settings the spec does not ask about', () => {
    const events = spec('input');
    const topic = existing(events, {
      configs: { ...events.configs, 'compression.type': 'zstd' },
    });
    expect(planTopics([events], cluster(topic), wanted).found[0]?.drift).toEqual([]);
  });
});

describe('topicSpecs', () => {
  it('keeps the input log forever unless a retention is configured, and only the input log', () => {
    const input = (s: TopicSpec[]) => s.find((t) => t.id === 'input')?.configs;
    expect(input(specs)).toEqual({ 'retention.ms': '-1' });
    const bounded = topicSpecs('t.', { inputRetentionMs: 2_592_000_000 });
    expect(input(bounded)).toEqual({ 'retention.ms': '2592000000' });
    expect(bounded.filter((t) => t.id !== 'input')).toEqual(specs.filter((t) => t.id !== 'input'));
  });
});

describe('checkCoPartitioning', () => {
  const events = spec('input');
  const book = spec('contactBook');

  it('accepts topics that are to be created together with the configured count', () => {
    expect(() => checkCoPartitioning(specs, cluster(), 3)).not.toThrow();
  });

  it('accepts existing topics with equal counts, even when the configuration differs', () => {
    const both = cluster(existing(events, { partitions: 8 }), existing(book, { partitions: 8 }));
    expect(() => checkCoPartitioning(specs, both, 3)).not.toThrow();
  });

  it('compares a missing topic by the count it would be created with', () => {
    expect(() =>
      checkCoPartitioning(specs, cluster(existing(book, { partitions: 3 })), 3),
    ).not.toThrow();
    const err = refusal(() =>
      checkCoPartitioning(specs, cluster(existing(book, { partitions: 2 })), 3),
    );
    expect(err).toMatchObject({ code: 'WAI_CONFIG', retriable: false, field: 'WAI_PARTITIONS' });
    expect(err.message).toContain(
      't.input would be created with 3 partitions but t.contact-book has 2 partitions',
    );
    expect(err.message).toContain('Nothing was created');
  });

  it('names both existing topics and their counts', () => {
    const both = cluster(existing(events, { partitions: 4 }), existing(book, { partitions: 2 }));
    const err = refusal(() => checkCoPartitioning(specs, both, 4));
    expect(err.message).toMatch(
      /^t\.input has 4 partitions but t\.contact-book has 2 partitions: they must be equal/,
    );
  });

  it('holds other topics to no such rule', () => {
    const dlq = existing(spec('dlq'), { partitions: 1 });
    const outbound = existing(spec('exportLog'), { partitions: 12 });
    expect(() => checkCoPartitioning(specs, cluster(dlq, outbound), 3)).not.toThrow();
  });

  it('has nothing to compare when a pair is not among the specs', () => {
    const withoutBook = specs.filter((s) => s !== book);
    const eventsOnly = cluster(existing(events, { partitions: 5 }));
    expect(() => checkCoPartitioning(withoutBook, eventsOnly, 3)).not.toThrow();
  });
});
