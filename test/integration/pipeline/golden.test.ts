// Golden deliveries through the real pipeline (broker + registry): every webhook fixture
// (all providers, identity changes, poison pills) and a customer journey after the
// contact-book launch with outbound requests and admin switches, each produced once the
// previous one has settled (so commands are applied before the next input, as in memory).
// Every topic read back read_committed and decoded from Avro equals, field by field per
// key, what `wa-identity normalize` produces for the same input: data-stream, export-log,
// outbound results, the contact book's final state (settings on every partition) and the
// DLQ's error codes.
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
import { normalizeReference, viewOf } from '../../unit/pipeline/reference.js';
import {
  PARTITIONS,
  feedOneByOne,
  readOutputs,
  readTopic,
  usePipelineDeployments,
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const BASE = Date.UTC(2026, 5, 1);

describe('pipeline on Kafka: golden deliveries', () => {
  it('gives the normalize CLI records on every topic', async () => {
    const d = await deployment('pipe-golden');
    const inputs = [
      ...fixtureNames().map((name, i) => fixtureInput(name, BASE + i * 1000)),
      ...journey(BASE + 100_000),
    ];
    const expected = viewOf(await normalizeReference(inputs, PIPELINE_ENV));
    await d.start();
    await feedOneByOne(kit, d, inputs);

    const actual = viewOf(await readOutputs(d));
    expect(actual).toEqual(expected);
    expect(Object.values(actual.dataStream).flat().length).toBeGreaterThanOrEqual(60);
    expect(actual.dlqCodes).toEqual(
      expect.arrayContaining(['WAI_BAD_IDENTIFIER', 'WAI_BAD_INPUT', 'WAI_UNKNOWN_ENVELOPE']),
    );

    // What the CLI's outbound record lacks: the request's portfolio and event time.
    const results = await readOutputs(d);
    const routed = results
      .filter((r) => r.topic === 'outbound')
      .map((r) => r.value as { requestId: string })
      .sort((a, b) => a.requestId.localeCompare(b.requestId));
    expect(routed).toEqual([
      expect.objectContaining({
        requestId: 'req-1',
        portfolioId: 'acme',
        requestedAt: BASE + 100_000 + 2000,
        businessPhoneNumberId: PNID,
      }),
      expect.objectContaining({ requestId: 'req-2', portfolioId: 'acme' }),
    ]);
    // Settings are kept per partition: the switch was written on each contact-book partition.
    const book = await readTopic(d, d.config.topics.contactBook);
    const settingsPartitions = book
      .filter((r) => r.key?.toString() === 'acme|~settings')
      .map((r) => r.partition);
    expect(new Set(settingsPartitions).size).toBe(PARTITIONS);
    expect(book.some((r) => r.key?.toString() === `acme|${BSUID}` && r.value === null)).toBe(true);
  });
});
