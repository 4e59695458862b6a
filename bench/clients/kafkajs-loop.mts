// The loop on kafkajs 2.2.4, as the product's adapter runs it: eachBatch (one partition's
// batch), one transactional producer per input partition, `sendOffsets({ consumerGroupId })`.
// kafkajs has no KIP-447 (offsets fenced by group generation), so fencing rests on the fixed
// transactional id per input partition, as in adapters/kafka/partition-producer.ts.
// The product's fix to kafkajs's idle request queue (a 1 ms re-check loop), as the adapter runs.
import '../../processors/adapters/kafka/kafkajs-fixes.ts';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { groupIdOf, outputsOf, slices, transactionalIdOf } from './contract.mts';
import type { LoopOptions, Progress } from './contract.mts';

export async function runLoop(o: LoopOptions, progress: Progress): Promise<void> {
  const kafka = new Kafka({ clientId: o.run, brokers: o.brokers, logLevel: logLevel.ERROR });
  const groupId = groupIdOf(o);
  const consumer = kafka.consumer({ groupId, readUncommitted: false, sessionTimeout: 10_000 });
  // Every partition's producer is initialized before anything is read (as partition-opener.ts
  // does): the initialization aborts or completes what a dead predecessor left open, so the
  // committed offset read next is final. kafkajs's offset fetch does not wait for pending
  // transactional offsets (no KIP-447 require_stable): reading first gave duplicates here.
  const producers = new Map<number, Producer>();
  for (let partition = 0; partition < o.partitions; partition++) {
    const producer = kafka.producer({
      transactionalId: transactionalIdOf(o, partition),
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    producers.set(partition, producer);
  }
  await Promise.all(
    [...producers.values()].map(async (producer) => {
      await producer.connect();
      // kafkajs initializes the transactional id on the first transaction; an empty one ends
      // locally.
      await (await producer.transaction()).abort();
    }),
  );
  const producerFor = (partition: number): Producer => {
    const producer = producers.get(partition);
    if (producer === undefined) throw new Error(`no producer for partition ${partition}`);
    return producer;
  };

  await consumer.connect();
  await consumer.subscribe({ topic: o.input, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: o.partitions,
    eachBatch: async (payload) => {
      const { batch } = payload;
      progress.received();
      const producer = producerFor(batch.partition);
      for (const slice of slices(batch.messages, o.maxBatch)) {
        const last = slice.at(-1);
        if (last === undefined) continue;
        const txn = await progress.step('begin', producer.transaction());
        try {
          const outs = outputsOf(o, batch.partition, slice);
          await progress.step(
            'send',
            txn.sendBatch({
              topicMessages: o.outputs.map((topic) => ({
                topic,
                messages: outs
                  .filter((r) => r.topic === topic)
                  .map((r) => ({ key: r.key, value: r.value, headers: { src: r.src } })),
              })),
            }),
          );
          await progress.step(
            'offsets',
            txn.sendOffsets({
              consumerGroupId: groupId,
              topics: [
                {
                  topic: o.input,
                  partitions: [
                    { partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
                  ],
                },
              ],
            }),
          );
          await progress.step('commit', txn.commit());
        } catch (err) {
          await txn.abort();
          throw err;
        }
        payload.resolveOffset(last.offset);
        progress.commit(slice.length);
        await payload.heartbeat();
      }
    },
  });
  await progress.done;
  await consumer.disconnect();
  await Promise.all([...producers.values()].map((p) => p.disconnect()));
}
