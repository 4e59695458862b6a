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
import {
  readTopic,
  send,
  settled,
  usePipelineDeployments,
  recent,
  outputBytes,
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

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

    const before = await outputBytes(first);
    const after = await outputBytes(second);
    expect(after).toEqual(before);
    expect(Object.keys(before['dataStream'] ?? {}).length).toBeGreaterThan(5);
    expect(Object.values(before['dlq'] ?? {}).flat().length).toBeGreaterThan(3);
    expect(Object.keys(before['contactBook'] ?? {}).length).toBeGreaterThan(3);
  });
});
