// The loop on @confluentinc/kafka-javascript (librdkafka) through its KafkaJS-compatible API:
// eachBatch of at most `maxBatch` records ('js.consumer.max.batch.size'), one transactional
// producer per input partition, `sendOffsets({ consumer })` (KIP-447: the offsets carry the
// consumer's group metadata, so a zombie of an older generation is fenced by the broker).
import { loadConfluent } from './confluent-api.mts';
import type { ConfluentProducer } from './confluent-api.mts';
import { groupIdOf, outputsOf, transactionalIdOf } from './contract.mts';
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
    'js.consumer.max.batch.size': o.maxBatch,
  });
  const producers = new Map<number, Promise<ConfluentProducer>>();
  const producerFor = (partition: number): Promise<ConfluentProducer> => {
    let p = producers.get(partition);
    if (p === undefined) {
      const producer = kafka.producer({
        kafkaJS: {
          transactionalId: transactionalIdOf(o, partition),
          idempotent: true,
          maxInFlightRequests: 1,
        },
        'transaction.timeout.ms': 60_000,
      });
      p = producer.connect().then(() => producer);
      producers.set(partition, p);
    }
    return p;
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [o.input] });
  await consumer.run({
    partitionsConsumedConcurrently: o.partitions,
    eachBatchAutoResolve: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      const last = batch.messages.at(-1);
      if (last === undefined) return;
      progress.received();
      const txn = await (await producerFor(batch.partition)).transaction();
      try {
        const outs = outputsOf(o, batch.partition, batch.messages);
        await txn.sendBatch({
          topicMessages: o.outputs.map((topic) => ({
            topic,
            messages: outs
              .filter((r) => r.topic === topic)
              .map((r) => ({ key: r.key, value: r.value, headers: { src: r.src } })),
          })),
        });
        await txn.sendOffsets({
          consumer,
          topics: [
            {
              topic: o.input,
              partitions: [
                { partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
              ],
            },
          ],
        });
        await txn.commit();
      } catch (err) {
        await txn.abort();
        throw err;
      }
      payload.resolveOffset(last.offset);
      progress.commit(batch.messages.length);
      await payload.heartbeat();
    },
  });
  await progress.done;
  await consumer.disconnect();
  await Promise.all([...producers.values()].map(async (p) => (await p).disconnect()));
}
