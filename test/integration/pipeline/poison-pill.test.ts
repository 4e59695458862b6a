// Poison pills on the real broker: a raw record that is not JSON, one no provider adapter
// recognizes, a send request without a message, and bytes on identity-events that are no
// Avro record each land in the DLQ with their original key, value bytes, headers and
// timestamp plus error headers (code, stage, source position), while the good delivery
// produced after them still reaches the data stream.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { BSUID, PNID, metaInbound } from '../../unit/pipeline/inputs.js';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import { header, readAtLeast, usePipelineDeployments } from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

describe('pipeline on Kafka: poison pills', () => {
  it('copies each unreadable record to the DLQ as received and keeps going', async () => {
    const d = await deployment('pipe-poison');
    const { topics } = d.config;
    const pills = [
      { topic: topics.raw, value: '{"object":"whatsapp_business_account","entry":[' },
      { topic: topics.raw, value: JSON.stringify({ type: 'message', payload: { text: 'hi' } }) },
      {
        topic: topics.outboundRequests,
        value: JSON.stringify({ requestId: 'r-1', businessPhoneNumberId: PNID, waid: BSUID }),
      },
      { topic: topics.identityEvents, value: 'not an Avro record' },
    ];
    const producer = await kit.producer();
    for (const [i, pill] of pills.entries()) {
      await producer.send({
        topic: pill.topic,
        messages: [
          {
            key: `key-${i}`,
            value: pill.value,
            partition: 0,
            headers: { 'x-trace': `trace-${i}` },
            timestamp: String(1_780_000_000_000 + i),
          },
        ],
      });
    }
    const good = metaInbound('wamid.GOOD', '2026-05-01T10:00:00Z', true);
    await producer.send({ topic: topics.raw, messages: [{ value: good, partition: 0 }] });
    await d.start();

    const dlq = await readAtLeast(d, topics.dlq, pills.length);
    const data = await readAtLeast(d, topics.dataStream, 1);
    expect(data.map((r) => r.key?.toString())).toEqual([`acme|${BSUID}`]);

    const byKey = new Map(dlq.map((r) => [r.key?.toString(), r]));
    expect(dlq).toHaveLength(pills.length);
    const expectations = [
      { code: 'WAI_BAD_INPUT', stage: 'split', offset: '0' },
      { code: 'WAI_UNKNOWN_ENVELOPE', stage: 'split', offset: '1' },
      { code: 'WAI_BAD_INPUT', stage: 'split', offset: '0' },
      { code: 'WAI_SCHEMA', stage: 'resolve', offset: '0' },
    ];
    for (const [i, pill] of pills.entries()) {
      const r = byKey.get(`key-${i}`);
      expect({
        value: r?.value?.toString(),
        timestamp: r?.timestamp,
        trace: r && header(r, 'x-trace'),
        code: r && header(r, DLQ_HEADERS.code),
        stage: r && header(r, DLQ_HEADERS.stage),
        topic: r && header(r, DLQ_HEADERS.topic),
        partition: r && header(r, DLQ_HEADERS.partition),
        offset: r && header(r, DLQ_HEADERS.offset),
      }).toEqual({
        value: pill.value,
        timestamp: 1_780_000_000_000 + i,
        trace: `trace-${i}`,
        ...expectations[i],
        topic: pill.topic,
        partition: '0',
      });
    }
  });
});
