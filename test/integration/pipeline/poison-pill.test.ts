// Poison pills on the real broker: input-log records that are not JSON, that no provider
// adapter recognizes, a send request without a message, a delivery under another portfolio's
// key, one on a partition its key does not hash to, one without a key and one that is not
// UTF-8 each land in the DLQ with their original key, value bytes, headers and timestamp plus
// error headers (code, stage, source position), while the good delivery appended after them
// still reaches the data stream.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { BSUID, PNID, metaInbound } from '../../unit/pipeline/inputs.js';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import { partitionForKey } from '../../../processors/adapters/kafka/index.js';
import { UNROUTED_KEY } from '../../../processors/domain/stream/input-log.js';
import { PARTITIONS, header, readAtLeast, usePipelineDeployments } from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const good = metaInbound('wamid.GOOD', '2026-05-01T10:00:00Z', true);
const home = (key: string) => partitionForKey(key, PARTITIONS);
const other = (key: string) => (home(key) + 1) % PARTITIONS;

const pills: { key: string | null; value: Buffer; partition: number; code: string }[] = [
  {
    key: UNROUTED_KEY,
    value: Buffer.from('{"object":"whatsapp_business_account","entry":['),
    code: 'WAI_BAD_INPUT',
  },
  {
    key: UNROUTED_KEY,
    value: Buffer.from(JSON.stringify({ type: 'message', payload: { text: 'hi' } })),
    code: 'WAI_UNKNOWN_ENVELOPE',
  },
  {
    key: 'acme',
    value: Buffer.from(
      JSON.stringify({ outbound: { requestId: 'r-1', businessPhoneNumberId: PNID, waid: BSUID } }),
    ),
    code: 'WAI_BAD_INPUT',
  },
  {
    key: 'globex',
    value: Buffer.from(good.replace('wamid.GOOD', 'wamid.MIS')),
    code: 'WAI_MISROUTED',
  },
  {
    key: 'acme',
    value: Buffer.from(good.replace('wamid.GOOD', 'wamid.PART')),
    code: 'WAI_MISROUTED',
  },
  {
    key: null,
    value: Buffer.from(good.replace('wamid.GOOD', 'wamid.NOKEY')),
    code: 'WAI_MISROUTED',
  },
  { key: 'acme', value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), code: 'WAI_BAD_INPUT' },
].map((p, i) => ({
  ...p,
  // The fifth is on the wrong partition for its key; the others where their key hashes.
  partition: i === 4 ? other('acme') : p.key === null ? 0 : home(p.key),
}));

describe('worker on Kafka: poison pills', () => {
  it('copies each unreadable record to the DLQ as received and keeps going', async () => {
    const d = await deployment('pipe-poison');
    const { topics } = d.config;
    const producer = await kit.producer();
    for (const [i, pill] of pills.entries()) {
      await producer.send({
        topic: topics.input,
        messages: [
          {
            key: pill.key,
            value: pill.value,
            partition: pill.partition,
            headers: { 'x-trace': `trace-${i}` },
            timestamp: String(1_780_000_000_000 + i),
          },
        ],
      });
    }
    await producer.send({
      topic: topics.input,
      messages: [{ key: 'acme', value: good, partition: home('acme') }],
    });
    await d.start();

    const dlq = await readAtLeast(d, topics.dlq, pills.length);
    const data = await readAtLeast(d, topics.dataStream, 1);
    expect(data.map((r) => r.key?.toString())).toEqual([`acme|${BSUID}`]);
    expect(dlq).toHaveLength(pills.length);
    const byTrace = new Map(dlq.map((r) => [header(r, 'x-trace'), r]));
    for (const [i, pill] of pills.entries()) {
      const r = byTrace.get(`trace-${i}`);
      expect({
        key: r?.key?.toString() ?? null,
        value: r?.value?.toString('hex'),
        timestamp: r?.timestamp,
        code: r && header(r, DLQ_HEADERS.code),
        stage: r && header(r, DLQ_HEADERS.stage),
        topic: r && header(r, DLQ_HEADERS.topic),
        partition: r && header(r, DLQ_HEADERS.partition),
      }).toEqual({
        key: pill.key,
        value: pill.value.toString('hex'),
        timestamp: 1_780_000_000_000 + i,
        code: pill.code,
        stage: 'normalize',
        topic: topics.input,
        partition: String(pill.partition),
      });
    }
  });

  it('copies a record with hundreds of bad items once, with the count, and keeps its good item', async () => {
    const d = await deployment('pipe-many-bad');
    const { topics } = d.config;
    const envelope = JSON.parse(good) as {
      entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
    };
    const value = envelope.entry[0]?.changes[0]?.value;
    if (value === undefined) throw new Error('fixture shape');
    const first = value.messages[0] ?? {};
    const bad = Array.from({ length: 500 }, (_, i) => ({
      ...first,
      id: `wamid.BAD${i}`,
      from: 'US.1',
    }));
    value.messages = [...bad, { ...first, id: 'wamid.KEPT' }];
    const producer = await kit.producer();
    await producer.send({
      topic: topics.input,
      messages: [
        { key: 'acme', value: JSON.stringify(envelope), partition: home('acme') },
        { key: 'acme', value: good, partition: home('acme') },
      ],
    });
    await d.start();

    const data = await readAtLeast(d, topics.dataStream, 2);
    const dlq = await readAtLeast(d, topics.dlq, 1);
    expect(dlq).toHaveLength(1);
    const [copy] = dlq;
    expect(copy?.value?.toString()).toBe(JSON.stringify(envelope));
    expect(copy && header(copy, DLQ_HEADERS.count)).toBe('500');
    expect(copy && header(copy, DLQ_HEADERS.code)).toBe('WAI_BAD_IDENTIFIER');
    expect(copy && header(copy, DLQ_HEADERS.fields)?.split(',')).toHaveLength(5);
    expect(data).toHaveLength(2); // the good sibling and the next record
  });
});
