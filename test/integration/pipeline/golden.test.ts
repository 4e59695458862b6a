// Golden deliveries through the real worker (broker + registry): every webhook fixture (all
// providers, identity changes, poison pills, a delivery of two portfolios) and a customer
// journey after the contact-book launch with outbound requests and admin switches, appended
// at once to the input log. Every topic read back read_committed and decoded from Avro
// equals, record for record in order per key, what `wa-identity normalize` produces for the
// same input: data-stream, export-log, outbound results, contact book and the DLQ's codes.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import {
  BSUID,
  PIPELINE_ENV,
  PNID,
  fixtureInput,
  fixtureNames,
  journey,
} from '../../unit/pipeline/inputs.js';
import { count, normalizeReference, viewOf } from '../../unit/pipeline/reference.js';
import { partitionForKey } from '../../../processors/adapters/kafka/index.js';
import {
  PARTITIONS,
  readOutputs,
  readTopic,
  send,
  settled,
  usePipelineDeployments,
  recent,
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const BASE = Date.UTC(2026, 5, 1);

describe('worker on Kafka: golden deliveries', () => {
  it('gives the normalize CLI records on every topic, in order per key', async () => {
    const d = await deployment('pipe-golden');
    const inputs = recent([
      ...fixtureNames().map((name, i) => fixtureInput(name, BASE + i * 1000)),
      ...journey(BASE + 100_000),
    ]);
    const expected = viewOf(await normalizeReference(inputs, PIPELINE_ENV), true);
    await d.start();
    // All at once: the input log's order per portfolio is the order, whatever the timing.
    await send(kit, d, inputs);
    await settled(d);

    const outputs = await readOutputs(d);
    const actual = viewOf(outputs, true);
    expect(actual).toEqual(expected);
    expect(count(actual, 'data-stream')).toBeGreaterThanOrEqual(60);
    expect(Object.values(actual.dlq).flat()).toEqual(
      expect.arrayContaining(['WAI_BAD_IDENTIFIER', 'WAI_BAD_INPUT', 'WAI_UNKNOWN_ENVELOPE']),
    );
    const routed = outputs
      .filter((r) => r.topic === 'outbound')
      .map((r) => r.value as { requestId: string })
      .sort((a, b) => a.requestId.localeCompare(b.requestId));
    expect(routed).toEqual([
      expect.objectContaining({
        requestId: 'req-1',
        portfolioId: 'acme',
        // No requestedAt of its own: the input record's time.
        requestedAt: inputs.find((i) => i.value.includes('"req-1"'))?.timestamp,
        businessPhoneNumberId: PNID,
      }),
      expect.objectContaining({ requestId: 'req-2', portfolioId: 'acme' }),
    ]);
    // One writer per portfolio: the contact book of `acme`, settings included, is on the
    // partition the portfolio hashes to, and only there.
    const book = await readTopic(d, d.config.topics.contactBook);
    const acme = book.filter((r) => r.key?.toString().startsWith('acme|'));
    expect(new Set(acme.map((r) => r.partition))).toEqual(
      new Set([partitionForKey('acme', PARTITIONS)]),
    );
    // Disabled, then enabled (compaction may have kept only the last).
    expect(acme.filter((r) => r.key?.toString() === 'acme|~settings').length).toBeGreaterThan(0);
    // The delete and the disable unlink the user (its entry kept for the 30-day rule) and
    // tombstone the phone alias, so the phone no longer finds them.
    const last = acme.filter((r) => r.key?.toString() === `acme|${BSUID}`).at(-1);
    expect(last?.value).not.toBeNull();
    expect(
      book.some((r) => r.key?.toString().startsWith('acme|phone:') === true && r.value === null),
    ).toBe(true);
  });
});
