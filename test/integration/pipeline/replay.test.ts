// A replay of the input log gives identical records: every fixture (all providers, Twilio
// without a payload time, identity changes, poison pills, a delivery of two portfolios) and a
// customer journey run through one deployment as one burst, then its input-log records are
// copied as they are (key, value, headers, timestamp, partition) into a fresh deployment (new
// topic prefix, new app id, new groups) and run again. Every output topic holds the same
// records, byte for byte, on the same partitions, with the same timestamps: time comes from
// payloads and record timestamps, never from the clock, and a portfolio's order is the log's.
import { describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { fixtureInput, fixtureNames, journey } from '../../unit/pipeline/inputs.js';
import type { InputRecord } from '../../../processors/adapters/kafka/index.js';
import { DLQ_HEADERS } from '../../../processors/adapters/kafka/dlq.js';
import type { TopicId } from '../../../processors/adapters/kafka/topics.js';
import {
  readTopic,
  send,
  settled,
  usePipelineDeployments,
  type PipelineDeployment,
  recent,
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

const OUTPUTS: TopicId[] = ['dataStream', 'exportLog', 'contactBook', 'outboundResults', 'dlq'];

/** Per topic and key, the records in offset order, with what identifies them as bytes. */
async function snapshot(d: PipelineDeployment) {
  const out: Record<string, Record<string, string[]>> = {};
  for (const id of OUTPUTS) {
    const byKey: Record<string, string[]> = {};
    for (const r of await readTopic(d, d.config.topics[id])) {
      const key = r.key?.toString() ?? '';
      // Compacted: a key's latest value is what the topic promises to keep.
      if (id === 'contactBook' && r.value === null) delete byKey[key];
      else if (id === 'contactBook') byKey[key] = [fingerprint(r, d.prefix)];
      else (byKey[key] ??= []).push(fingerprint(r, d.prefix));
    }
    out[id] = byKey;
  }
  return out;
}

function fingerprint(r: InputRecord, prefix: string): string {
  const headers = Object.entries(r.headers)
    // When the DLQ copy was made is the one wall-clock value, by design.
    .filter(([name]) => name !== DLQ_HEADERS.time)
    .map(([name, v]) => `${name}=${String(v).split(prefix).join('<prefix>')}`)
    .sort();
  return JSON.stringify([r.partition, r.timestamp, r.value?.toString('hex') ?? null, headers]);
}

describe('worker on Kafka: replay', () => {
  it('gives identical records from a copy of the input log in a fresh deployment', async () => {
    const base = Date.UTC(2026, 5, 1);
    const inputs = recent([
      ...fixtureNames().map((name, i) => fixtureInput(name, base + i * 1000)),
      ...journey(base + 100_000),
    ]);
    const first = await deployment('pipe-replay-a');
    await send(kit, first, inputs);
    const a = await first.start();
    await settled(first);
    await a.stop();

    const second = await deployment('pipe-replay-b');
    const producer = await kit.producer();
    const log = await readTopic(first, first.config.topics.input);
    await producer.send({
      topic: second.config.topics.input,
      messages: log.map((r) => ({
        key: r.key,
        value: r.value,
        partition: r.partition,
        headers: Object.fromEntries(
          Object.entries(r.headers).map(([name, v]) => [name, Buffer.isBuffer(v) ? v : [...v]]),
        ),
        timestamp: String(r.timestamp),
      })),
    });
    await second.start();
    await settled(second);

    const before = await snapshot(first);
    const after = await snapshot(second);
    expect(after).toEqual(before);
    expect(Object.keys(before['dataStream'] ?? {}).length).toBeGreaterThan(5);
    expect(Object.values(before['dlq'] ?? {}).flat().length).toBeGreaterThan(3);
    expect(Object.keys(before['contactBook'] ?? {}).length).toBeGreaterThan(3);
  });
});
