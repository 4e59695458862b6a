// Forwarding through the identity-events topic: a phone-only event on the alias of a known
// BSUID is re-keyed to the BSUID and forwarded exactly once (one command record, hops 1),
// and pointers that loop (which identity changes never build, but state could hold) stop
// after the hop bound with a DLQ copy instead of circling through the topic forever.
import { describe, expect, it } from '@jest/globals';
import { keyedPhoneHash } from '../../../processors/domain/identifiers/digest.js';
import { freshEntry } from '../../../processors/domain/identity/entry.js';
import { MAX_FORWARD_HOPS } from '../../../processors/domain/identity/forward.js';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import { BSUID, PHONE, PIPELINE_ENV, metaInbound, rawInput } from './inputs.js';
import { codecs, TOPICS } from './kafka-sim.js';
import { header, simPipeline } from './sim-pipeline.js';

const phoneOnly = (id: string, iso: string) =>
  rawInput(
    metaInbound(id, iso, true)
      .replace(/,"from_user_id":"[^"]+"/, '')
      .replace(/,"user_id":"[^"]+"/, ''),
    Date.parse(iso),
  );

describe('forwarding on Kafka', () => {
  it('re-keys an event on a phone alias to the BSUID, forwarding it once', async () => {
    const p = await simPipeline(PIPELINE_ENV, 3);
    await p.feed(rawInput(metaInbound('wamid.F1', '2026-05-01T10:00:00Z', true), 1));
    await p.feed(phoneOnly('wamid.F2', '2026-05-02T10:00:00Z'));
    const alias = `acme|phone:${keyedPhoneHash(PIPELINE_ENV.WAI_KEY_SECRET, PHONE)}`;
    const items = p.topics.all(TOPICS.identityEvents).map((r) => ({
      key: r.key?.toString(),
      item: codecs.identityEvents.decode(r.value as Buffer),
    }));
    const f2 = items.filter(
      (i) => i.item.type === 'event' && i.item.event.messageId === 'wamid.F2',
    );
    const hops = f2.map((i) => [i.key, i.item.type === 'event' ? i.item.hops : -1] as const);
    expect(hops.sort((x, y) => x[1] - y[1])).toEqual([
      [alias, 0],
      [`acme|${BSUID}`, 1],
    ]);
    const data = p.topics.all(TOPICS.dataStream).map((r) => ({
      key: r.key?.toString(),
      event: codecs.dataStream.decode(r.value as Buffer),
    }));
    expect(data.map((d) => [d.key, d.event.messageId])).toEqual([
      [`acme|${BSUID}`, 'wamid.F1'],
      [`acme|${BSUID}`, 'wamid.F2'],
    ]);
  });

  it('stops a pointer loop after the hop bound with a DLQ copy', async () => {
    const p = await simPipeline(PIPELINE_ENV, 3);
    const [a, b] = ['acme|US.111', 'acme|US.222'];
    for (const [key, target] of [
      [a, b],
      [b, a],
    ] as const) {
      const entry = { ...freshEntry(key, 1), supersededBy: target };
      for (const partition of [0, 1, 2]) {
        p.resolver.state(partition)?.apply({ kind: 'upsert', key, entry });
      }
    }
    await p.feed(rawInput(metaInbound('wamid.L1', '2026-05-01T10:00:00Z', false), 1));
    // The message is on BSUID's key, not in the loop: send one into it by hand.
    const event = codecs.identityEvents.decode(
      p.topics.all(TOPICS.identityEvents)[0]?.value as Buffer,
    );
    p.topics.produce([
      { topic: TOPICS.identityEvents, key: a, value: codecs.identityEvents.encode(event) },
    ]);
    await p.feed(rawInput('{}', 2)); // any input: runs the stages until idle
    const forwarded = p.topics
      .all(TOPICS.identityEvents)
      .filter((r) => [a, b].includes(r.key?.toString() ?? ''));
    // The one sent in, then one forward per hop up to the bound.
    expect(forwarded).toHaveLength(1 + MAX_FORWARD_HOPS);
    const dlq = p.topics.all(TOPICS.dlq).filter((r) => header(r, DLQ_HEADERS.stage) === 'resolve');
    expect(dlq.map((r) => header(r, DLQ_HEADERS.code))).toEqual(['WAI_INTERNAL']);
    expect(header(dlq[0]!, DLQ_HEADERS.message)).toMatch(/lineage pointers loop/);
  });
});
