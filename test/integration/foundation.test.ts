// Proof that the stack under test is real and that kafkajs + the Confluent-API client do what
// the design relies on: Avro through the registry, transactions with read_committed readers,
// per-subject compatibility, and consumer groups sharing partitions and keeping offsets.
import { describe, expect, it } from '@jest/globals';
import { COMPATIBILITY, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Consumer, KafkaMessage } from 'kafkajs';

import { randomName, useKafka } from '../helpers/kafka.js';
import { waitFor } from '../helpers/wait-for.js';

interface Probe {
  id: string;
  seq: number;
}

const probeV1 = {
  type: 'record',
  name: 'FoundationProbe',
  namespace: 'wai.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'seq', type: 'int' },
  ],
};

const kit = useKafka();

async function registerProbe(subject: string): Promise<number> {
  kit.trackSubject(subject);
  const { id } = await kit.registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(probeV1) },
    { subject },
  );
  return id;
}

/** Starts `consumer` on `topic` from the beginning and collects every message it is given. */
async function collect(consumer: Consumer, topic: string): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      seen.push(message);
      return Promise.resolve();
    },
  });
  return seen;
}

describe('foundation: Avro records in Kafka transactions', () => {
  it('registers a schema, commits and aborts transactions, and read_committed sees only commits', async () => {
    const topic = await kit.createTopic('foundation-txn');
    const subject = `${topic}-value`;
    const schemaId = await registerProbe(subject);
    // The same schema again is the same id: register() works on an existing subject.
    expect(await registerProbe(subject)).toBe(schemaId);

    const encode = (probe: Probe) => kit.registry.encode(schemaId, probe);
    const producer = await kit.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      transactionalId: randomName('foundation-txn'),
    });
    const send = async (ids: string[], outcome: 'commit' | 'abort'): Promise<void> => {
      const txn = await producer.transaction();
      const messages = await Promise.all(
        ids.map(async (id, seq) => ({ key: id, value: await encode({ id, seq }) })),
      );
      await txn.send({ topic, messages });
      await (outcome === 'commit' ? txn.commit() : txn.abort());
    };
    await send(['c1', 'c2', 'c3'], 'commit');
    await send(['a1', 'a2'], 'abort');
    // Committed after the aborted batch: reading it proves the reader went past the aborted
    // records rather than stopping before them.
    await send(['c4'], 'commit');

    // 6 data records + 3 transaction markers: the aborted records are really in the log.
    const [end] = await (await kit.admin()).fetchTopicOffsets(topic);
    expect(end?.high).toBe('9');

    const committed = await collect(kit.consumer({ readUncommitted: false }), topic);
    const uncommitted = await collect(kit.consumer({ readUncommitted: true }), topic);
    await waitFor(
      () => committed.length >= 4 && uncommitted.length >= 6,
      () => `read_committed saw ${committed.length}/4, read_uncommitted ${uncommitted.length}/6`,
    );
    const decode = (messages: KafkaMessage[]) =>
      Promise.all(
        messages.map(async (m) => (await kit.registry.decode(m.value as Buffer)) as Probe),
      );

    expect((await decode(committed)).map((p) => p.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect((await decode(uncommitted)).map((p) => p.id)).toEqual([
      'c1',
      'c2',
      'c3',
      'a1',
      'a2',
      'c4',
    ]);
    expect(await decode(committed.slice(0, 1))).toEqual([{ id: 'c1', seq: 0 }]);
  });

  it('enforces a per-subject compatibility rule set through PUT /config/<subject>', async () => {
    const subject = randomName('foundation-compat-value');
    const v1Id = await registerProbe(subject);
    const configUrl = `${kit.endpoints.registryUrl}/config/${subject}`;
    const put = await fetch(configUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ compatibility: 'FULL_TRANSITIVE' }),
    });
    expect(put.status).toBe(200);
    expect(await (await fetch(configUrl)).json()).toEqual({
      compatibilityLevel: 'FULL_TRANSITIVE',
    });

    const withField = (field: object) => ({
      type: SchemaType.AVRO as const,
      schema: JSON.stringify({ ...probeV1, fields: [...probeV1.fields, field] }),
    });
    const opts = { subject, compatibility: COMPATIBILITY.FULL_TRANSITIVE };
    // A new field without a default cannot be read from old data: not backward compatible.
    await expect(
      kit.registry.register(withField({ name: 'x', type: 'int' }), opts),
    ).rejects.toThrow(/409|[Ii]ncompatible/);
    const v2 = await kit.registry.register(withField({ name: 'x', type: 'int', default: 0 }), opts);
    expect(v2.id).not.toBe(v1Id);
  });
});

describe('foundation: consumer groups', () => {
  it('shares partitions between members and resumes from committed offsets', async () => {
    const topic = await kit.createTopic('foundation-group', { partitions: 2 });
    const groupId = randomName('foundation-group');
    const producer = await kit.producer();

    const assignments = new Map<string, number[]>();
    const received = new Map<string, string[]>();
    const startMember = async (name: string): Promise<Consumer> => {
      const consumer = kit.consumer({ groupId, heartbeatInterval: 500 });
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        assignments.set(name, payload.memberAssignment[topic] ?? []);
      });
      received.set(name, []);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          received.get(name)?.push(String(message.value));
          return Promise.resolve();
        },
      });
      return consumer;
    };
    const members = [await startMember('first'), await startMember('second')];
    // Produce only once the group has settled, or the first member takes everything.
    await waitFor(
      () => assignments.get('first')?.length === 1 && assignments.get('second')?.length === 1,
      () => `assignments: ${JSON.stringify(Object.fromEntries(assignments))}`,
    );
    expect(new Set([...assignments.values()].flat())).toEqual(new Set([0, 1]));

    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    await producer.send({
      topic,
      messages: values.map((value, i) => ({ value, partition: i % 2 })),
    });
    const all = () => [...received.values()].flat();
    await waitFor(
      () => all().length >= values.length,
      () => `received ${all().length}/${values.length}`,
    );
    expect(all().sort()).toEqual([...values].sort());
    // Each member read exactly its own partition's half.
    expect(received.get('first')).toHaveLength(10);
    expect(received.get('second')).toHaveLength(10);

    // Leaving commits the consumed offsets; a later member must start after them.
    await Promise.all(members.map((m) => m.disconnect()));
    const offsets = await (await kit.admin()).fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets[0]?.partitions.map((p) => Number(p.offset)).sort();
    expect(committed).toEqual([10, 10]);

    await producer.send({ topic, messages: [{ value: 'late', partition: 0 }] });
    await startMember('third');
    await waitFor(
      () => (received.get('third')?.length ?? 0) >= 1,
      () => 'the late record never arrived',
    );
    // Give a replay of old records the chance to show up before asserting there is none.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.get('third')).toEqual(['late']);
  });
});
