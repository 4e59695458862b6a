// A replay of the raw topic gives identical records: deliveries (every provider, Twilio
// without a payload time, poison pills) run through one deployment, then its raw records are
// copied as they are (key, value, headers, timestamp, partition) into a fresh deployment
// (new topic prefix, new app id, new groups) and run again. Every output topic holds the
// same records, byte for byte, with the same timestamps: time comes from payloads and record
// timestamps, never from the clock. Inputs are a burst, not fed one by one; they are chosen
// so that no event waits on a command (no phone-keyed events, no identity changes), since
// where a forwarded event lands among a user's other events depends on timing.
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
} from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);

/** Phone-keyed events and identity changes: their outcome depends on command timing. */
const TIMING_DEPENDENT = /^(03|14|23|2[6-9]|3[0-5]|40|43)-/;
const OUTPUTS: TopicId[] = ['dataStream', 'exportLog', 'contactBook', 'outboundResults', 'dlq'];

/** Per topic and key, the records in offset order, with what identifies them as bytes. */
async function snapshot(d: PipelineDeployment) {
  const out: Record<string, Record<string, string[]>> = {};
  for (const id of OUTPUTS) {
    const byKey: Record<string, string[]> = {};
    for (const r of await readTopic(d, d.config.topics[id])) {
      (byKey[r.key?.toString() ?? ''] ??= []).push(fingerprint(r, d.prefix, id !== 'dlq'));
    }
    // A keyless DLQ copy goes to any partition (the producer's choice): compare them as a set.
    byKey['']?.sort();
    out[id] = byKey;
  }
  return out;
}

function fingerprint(r: InputRecord, prefix: string, withPartition: boolean): string {
  const headers = Object.entries(r.headers)
    // When the DLQ copy was made is the one wall-clock value, by design.
    .filter(([name]) => name !== DLQ_HEADERS.time)
    .map(([name, v]) => `${name}=${String(v).split(prefix).join('<prefix>')}`)
    .sort();
  const partition = withPartition ? r.partition : null;
  return JSON.stringify([partition, r.timestamp, r.value?.toString('hex') ?? null, headers]);
}

describe('pipeline on Kafka: replay', () => {
  it('gives identical records from a copy of the raw topic in a fresh deployment', async () => {
    const base = Date.UTC(2026, 5, 1);
    const names = fixtureNames().filter((n) => !TIMING_DEPENDENT.test(n));
    const inputs = [
      ...names.map((name, i) => fixtureInput(name, base + i * 1000)),
      ...journey(base + 100_000).filter((input) => input.topic === 'raw'),
    ];
    const first = await deployment('pipe-replay-a');
    await send(kit, first, inputs);
    const a = await first.start();
    await settled(first);
    await a.stop();

    const second = await deployment('pipe-replay-b');
    const producer = await kit.producer();
    const raw = await readTopic(first, first.config.topics.raw);
    await producer.send({
      topic: second.config.topics.raw,
      messages: raw.map((r) => ({
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
    expect(Object.keys(before['dlq'] ?? {})).toHaveLength(1); // keyless copies, several
    expect(Object.keys(before['contactBook'] ?? {}).length).toBeGreaterThan(3);
  });
});
