// The Kafka worker's processor gives the normalize CLI's records: every golden fixture, a
// customer journey (contact book stored, revealed, routed to, switched off and on, a contact
// deleted) and generated burst traffic over several portfolios are appended to a partitioned
// input log keyed by portfolio and processed partition by partition; the outputs, decoded from
// Avro, equal the in-memory run's, record for record, in order per key.
import { describe, expect, it } from '@jest/globals';
import { generateTraffic } from '../../helpers/traffic.js';
import { PIPELINE_ENV, fixtureInput, fixtureNames, journey, PHONE } from './inputs.js';
import { count, normalizeReference, viewOf, type PipelineInput } from './reference.js';
import { TOPICS, simWorker } from './sim-worker.js';

const BASE = Date.UTC(2026, 5, 1);

function inputs(): PipelineInput[] {
  const fixtures = fixtureNames().map((name, i) => fixtureInput(name, BASE + i * 1000));
  return [...fixtures, ...journey(BASE + 1_000_000)];
}

async function kafkaView(list: readonly PipelineInput[], partitions: number, env = PIPELINE_ENV) {
  const worker = await simWorker(env, partitions);
  worker.append(list);
  worker.drain();
  return { worker, view: viewOf(worker.records()) };
}

describe('Kafka worker versus the normalize CLI', () => {
  it.each([1, 3])('gives the same records with %i partition(s)', async (partitions) => {
    const list = inputs();
    const expected = viewOf(await normalizeReference(list, PIPELINE_ENV));
    const { view } = await kafkaView(list, partitions);
    expect(view).toEqual(expected);
    // The comparison is not vacuous: every topic has records, the contact book has entries.
    expect(count(view, 'data-stream')).toBeGreaterThanOrEqual(60);
    expect(count(view, 'outbound')).toBe(2);
    expect(Object.values(view.dlq).flat()).toEqual(
      expect.arrayContaining(['WAI_BAD_INPUT', 'WAI_UNKNOWN_ENVELOPE']),
    );
    expect(Object.keys(view['contact-book'])).toContain('acme|~settings');
  });

  it('gives the same records on generated burst traffic over several portfolios', async () => {
    const traffic = generateTraffic({ seed: 7, records: 3000, usersPerPortfolio: 25 });
    const env = { ...PIPELINE_ENV, WAI_PORTFOLIO_MAP: JSON.stringify(traffic.portfolioMap) };
    const expected = viewOf(await normalizeReference(traffic.inputs, env));
    for (const partitions of [2, 5]) {
      const { view } = await kafkaView(traffic.inputs, partitions, env);
      expect(view).toEqual(expected);
    }
    const identityChanges = Object.values(expected['data-stream'])
      .flat()
      .filter((e) => (e as { eventType: string }).eventType === 'IDENTITY_CHANGE');
    expect(identityChanges.length).toBeGreaterThan(50);
    expect(count(expected, 'outbound')).toBeGreaterThan(100);
    expect(count(expected, 'dlq')).toBeGreaterThan(10);
  });

  it('reveals the contact-book phone on a BSUID-only message, and forgets it when disabled', async () => {
    const { view, worker } = await kafkaView(journey(BASE), 3);
    const events = Object.values(view['data-stream']).flat() as Record<string, unknown>[];
    expect(events.find((e) => e['messageId'] === 'wamid.J2')).toMatchObject({
      phone: PHONE,
      phoneSource: 'CONTACT_BOOK',
    });
    expect(events.find((e) => e['messageId'] === 'wamid.J3')).toMatchObject({
      phone: null,
      phoneSource: 'NONE',
    });
    // One writer per portfolio: its settings exist once, on the portfolio's partition.
    const settingsCopies = worker.topics
      .log(TOPICS.contactBook)
      .map((log) => log.filter((r) => r.key?.toString() === 'acme|~settings').length);
    expect(settingsCopies.filter((n) => n > 0)).toEqual([2]);
  });

  it('restores the same state on a new owner from the contact-book partitions', async () => {
    const { worker } = await kafkaView(inputs(), 3);
    const fresh = await worker.restored();
    for (const p of [0, 1, 2]) {
      expect(fresh.state(p)?.entries()).toEqual(worker.processor.state(p)?.entries());
      expect(fresh.state(p)?.settings('acme')).toEqual(worker.processor.state(p)?.settings('acme'));
    }
  });
});
