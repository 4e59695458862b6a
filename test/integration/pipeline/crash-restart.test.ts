// Exactly once across a crash of a real worker: `wa-identity run` (both stages) is SIGKILLed
// while deliveries are still streaming in, a second process takes over, and a read_committed
// reader of the data stream sees every event exactly once, each equal (field by field, per
// user) to what the normalize CLI produces for the same deliveries. The second worker stops
// on SIGTERM with exit code 0. Deliveries come from many users, some with the phone (state
// written and commands sent to phone keys), some without (phone revealed from state).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import { PIPELINE_ENV, metaInboundFrom, rawInput } from '../../unit/pipeline/inputs.js';
import { normalizeReference, viewOf, type PipelineInput } from '../../unit/pipeline/reference.js';
import { toInputRecord } from '../../../processors/adapters/kafka/records.js';
import type { InputRecord } from '../../../processors/adapters/kafka/index.js';
import { createRegistryClient } from '../../../processors/adapters/avro/registry.js';
import { createTopicCodecs } from '../../../processors/adapters/avro/topic-codecs.js';
import { startCli, type CliProcess } from './cli-process.js';
import { send, settled, usePipelineDeployments } from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const started: CliProcess[] = [];
afterEach(() => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

const DELIVERIES = 300;
const USERS = 12;

function deliveries(): PipelineInput[] {
  const start = Date.parse('2026-05-01T00:00:00Z');
  return Array.from({ length: DELIVERIES }, (_, i) => {
    const u = i % USERS;
    const user = {
      bsuid: `US.${String(7_000_000_000 + u)}`,
      phone: i % 3 === 0 ? `1650555${String(1000 + u)}` : null,
    };
    const at = new Date(start + i * 60_000).toISOString();
    return rawInput(metaInboundFrom(user, `wamid.C${i}`, at), start + i);
  });
}

/** A reader as subscribers use it: read_committed (kafkajs's default), from the start. */
async function reader(topic: string, readUncommitted = false): Promise<InputRecord[]> {
  const records: InputRecord[] = [];
  const consumer = kit.consumer({ readUncommitted, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: ({ batch }) => {
      for (const m of batch.messages) records.push(toInputRecord(topic, batch.partition, m));
      return Promise.resolve();
    },
  });
  return records;
}

describe('pipeline on Kafka: crash and restart', () => {
  it('loses and duplicates nothing when a worker is SIGKILLed mid-stream', async () => {
    const d = await deployment('pipe-crash');
    const inputs = deliveries();
    const committed = await reader(d.config.topics.dataStream);
    const written = await reader(d.config.topics.dataStream, true);

    const first = startCli(['run'], d.env);
    started.push(first);
    await send(kit, d, inputs.slice(0, 10));
    await waitFor(
      () => committed.length > 0,
      () => `first worker produced nothing; log:\n${first.log.slice(-20).join('\n')}`,
    );
    // The rest streams in while the first worker runs and dies, and after.
    let producing = true;
    const rest = (async () => {
      for (let i = 10; i < inputs.length; i += 10) {
        await send(kit, d, inputs.slice(i, i + 10));
        await sleep(100);
      }
      producing = false;
    })();
    await waitFor(
      () => committed.length >= 60,
      () => `${committed.length} events committed`,
      60_000,
    );
    // Best effort: kill while a transaction has written outputs it has not committed yet.
    const deadline = Date.now() + 3000;
    while (written.length <= committed.length && Date.now() < deadline) await sleep(5);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(producing).toBe(true);

    const second = startCli(['run'], d.env);
    started.push(second);
    await rest;
    await settled(d, 60_000);
    await waitFor(
      () => committed.length >= DELIVERIES,
      () => `${committed.length} of ${DELIVERIES} events committed`,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    const registry = createRegistryClient(d.config.registryUrl ?? '');
    const codecs = await createTopicCodecs(registry, d.config);
    const events = await Promise.all(
      committed.map(async (r) => ({
        topic: 'data-stream' as const,
        key: r.key?.toString() ?? null,
        partition: r.partition,
        value: await codecs.dataStream.decode(r.value ?? Buffer.alloc(0)),
      })),
    );
    expect(new Set(events.map((e) => e.value.eventId)).size).toBe(DELIVERIES);
    expect(events).toHaveLength(DELIVERIES);
    const expected = (await normalizeReference(inputs, PIPELINE_ENV)).filter(
      (r) => r.topic === 'data-stream',
    );
    expect(viewOf(events).dataStream).toEqual(viewOf(expected).dataStream);
  }, 150_000);
});
