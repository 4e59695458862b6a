// The Kafka stages give the normalize CLI's records: every golden fixture and a customer
// journey (contact book stored, revealed, routed to, switched off and on, a contact deleted)
// go through the split and resolve processors over partitioned topics, with commands and
// settings travelling as records, and the outputs, decoded from Avro, equal the in-memory
// pipeline's field by field, per key; the contact book ends in the same state.
import { describe, expect, it } from '@jest/globals';
import { PIPELINE_ENV, fixtureInput, fixtureNames, journey, PHONE } from './inputs.js';
import { normalizeReference, viewOf, type PipelineInput } from './reference.js';
import { TOPICS } from './kafka-sim.js';
import { simPipeline } from './sim-pipeline.js';

const BASE = Date.UTC(2026, 5, 1);

function inputs(): PipelineInput[] {
  const fixtures = fixtureNames().map((name, i) => fixtureInput(name, BASE + i * 1000));
  return [...fixtures, ...journey(BASE + 1_000_000)];
}

async function kafkaView(list: readonly PipelineInput[], partitions: number) {
  const pipeline = await simPipeline(PIPELINE_ENV, partitions);
  for (const input of list) await pipeline.feed(input);
  return { pipeline, view: viewOf(pipeline.records()) };
}

describe('Kafka stages versus the normalize CLI', () => {
  it.each([1, 3])('give the same records with %i partition(s)', async (partitions) => {
    const list = inputs();
    const expected = viewOf(await normalizeReference(list, PIPELINE_ENV));
    const { view } = await kafkaView(list, partitions);
    expect(view).toEqual(expected);
    // The comparison is not vacuous: every topic has records, the contact book has entries.
    expect(Object.values(view.dataStream).flat().length).toBeGreaterThanOrEqual(60);
    expect(Object.keys(view.outbound)).toHaveLength(2);
    expect(view.dlqCodes).toEqual(
      expect.arrayContaining(['WAI_BAD_INPUT', 'WAI_UNKNOWN_ENVELOPE']),
    );
    expect(Object.keys(view.contactBook)).toContain('acme|~settings');
  });

  it('reveals the contact-book phone on a BSUID-only message, across partitions', async () => {
    const { view, pipeline } = await kafkaView(journey(BASE), 3);
    const events = Object.values(view.dataStream).flat() as Record<string, unknown>[];
    expect(events.find((e) => e['messageId'] === 'wamid.J2')).toMatchObject({
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
    });
    // Disabled on every partition: the next BSUID-only message gets no phone.
    expect(events.find((e) => e['messageId'] === 'wamid.J3')).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
    });
    // Each partition keeps its own copy of the settings, in its own contact-book partition.
    const settingsCopies = pipeline.topics
      .log(TOPICS.contactBook)
      .map((log) => log.filter((r) => r.key?.toString() === 'acme|~settings').length);
    expect(settingsCopies).toEqual([2, 2, 2]);
  });

  it('restores the same state on a new owner from the contact-book partitions', async () => {
    const { pipeline } = await kafkaView(inputs(), 3);
    const fresh = await pipeline.restoredResolver([0, 1, 2]);
    for (const p of [0, 1, 2]) {
      const before = pipeline.resolver.state(p);
      const after = fresh.state(p);
      expect(after?.entries).toEqual(before?.entries);
      expect(after?.settings('acme')).toEqual(before?.settings('acme'));
    }
    expect(fresh.state(0)?.settings('acme')).toMatchObject({ contactBookEnabled: true });
  });
});
