// The loop on @confluentinc/kafka-javascript (librdkafka) through its KafkaJS-compatible API:
// eachBatch of every fetched record of a partition ('js.consumer.max.batch.size': -1; a bounded
// size turns on an adaptive cache that kept batches small here), sliced into transactions of
// at most `maxBatch` records as kafkajs's are, one transactional
// producer per input partition, `sendOffsets({ consumer })` (KIP-447: the offsets carry the
// consumer's group metadata, so a zombie of an older generation is fenced by the broker).
import { loadConfluent } from './confluent-api.mts';
import type { ConfluentProducer } from './confluent-api.mts';
import { groupIdOf, instanceIdOf, outputsOf, slices, transactionalIdOf } from './contract.mts';
import type { LoopOptions, Progress } from './contract.mts';

export async function runLoop(o: LoopOptions, progress: Progress): Promise<void> {
  const loaded = await loadConfluent();
  if (loaded instanceof Error) throw loaded;
  const { KafkaJS } = loaded;
  const kafka = new KafkaJS.Kafka({
    kafkaJS: { clientId: o.run, brokers: o.brokers, logLevel: KafkaJS.logLevel.ERROR },
  });
  const consumer = kafka.consumer({
    kafkaJS: {
      groupId: groupIdOf(o),
      fromBeginning: true,
      autoCommit: false,
      readUncommitted: false,
      sessionTimeout: 10_000,
    },
    'js.consumer.max.batch.size': -1,
    ...(o.staticMembership === true ? { 'group.instance.id': instanceIdOf(o) } : {}),
  });
  // Every partition's producer is initialized (init_transactions, in connect) before anything
  // is read, as the adapter does; librdkafka's read_committed offset fetch also waits for
  // pending transactional offsets (require_stable), so this order is belt and braces here.
  const producers = new Map<number, ConfluentProducer>();
  for (let partition = 0; partition < o.partitions; partition++) {
    producers.set(
      partition,
      kafka.producer({
        kafkaJS: {
          transactionalId: transactionalIdOf(o, partition),
          idempotent: true,
          maxInFlightRequests: 1,
        },
        'transaction.timeout.ms': 60_000,
      }),
    );
  }
  await Promise.all([...producers.values()].map((p) => p.connect()));
  const producerFor = (partition: number): ConfluentProducer => {
    const producer = producers.get(partition);
    if (producer === undefined) throw new Error(`no producer for partition ${partition}`);
    return producer;
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [o.input] });
  await consumer.run({
    partitionsConsumedConcurrently: o.partitions,
    eachBatchAutoResolve: false,
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
              consumer,
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
