// The loop on @platformatic/kafka: a MessagesStream (mode committed) drained into one queue
// per partition; each partition commits its queue in transactions on its own producer with `transaction.addConsumer(consumer)` + `transaction.addOffset(lastMessage)`
// (TxnOffsetCommit carrying the group's generation and member id: KIP-447 fencing).
import { once } from 'node:events';
import { Consumer, FetchIsolationLevels, MessagesStreamModes, Producer } from '@platformatic/kafka';
import type { Message, MessagesStream } from '@platformatic/kafka';
import { groupIdOf, instanceIdOf, outputsOf, slices, transactionalIdOf } from './contract.mts';
import type { LoopOptions, Progress } from './contract.mts';

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;
const SRC = Buffer.from('src');

/** Every message the stream holds now (at least one), or null once the loop is done. */
async function nextBatch(stream: Stream, done: Promise<void>): Promise<Message[] | null> {
  const ended = done.then(() => 'done' as const);
  for (;;) {
    const batch: Message[] = [];
    for (let m = stream.read() as Message | null; m !== null; m = stream.read() as Message | null)
      batch.push(m);
    if (batch.length > 0) return batch;
    const woke = await Promise.race([
      once(stream, 'readable').then(() => 'readable' as const),
      ended,
    ]);
    if (woke === 'done') return null;
  }
}

export async function runLoop(o: LoopOptions, progress: Progress): Promise<void> {
  const base = { clientId: o.run, bootstrapBrokers: o.brokers };
  const consumer = new Consumer({
    ...base,
    groupId: groupIdOf(o),
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    autocommit: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    ...(o.staticMembership === true ? { groupInstanceId: instanceIdOf(o) } : {}),
  });
  // Every partition's producer is initialized before anything is read, as the adapter does.
  // producerId/producerEpoch -1: 2.12.1 otherwise sends InitProducerId with 0/0, which the
  // broker answers PRODUCER_FENCED for any transactional id used before (a restarted process
  // could never take its ids back).
  const producers = new Map<number, Producer>();
  for (let partition = 0; partition < o.partitions; partition++) {
    const producer = new Producer({
      ...base,
      idempotent: true,
      producerId: -1n,
      producerEpoch: -1,
      transactionalId: transactionalIdOf(o, partition),
    });
    producers.set(partition, producer);
  }
  // beginTransaction initializes the id; cancel ends the empty transaction locally.
  await Promise.all(
    [...producers.values()].map(async (p) => (await p.beginTransaction()).cancel()),
  );
  const producerFor = (partition: number): Producer => {
    const producer = producers.get(partition);
    if (producer === undefined) throw new Error(`no producer for partition ${partition}`);
    return producer;
  };
  const commitPartition = async (partition: number, messages: Message[]): Promise<void> => {
    const producer = producerFor(partition);
    for (const slice of slices(messages, o.maxBatch)) {
      const last = slice.at(-1);
      if (last === undefined) continue;
      const txn = await progress.step('begin', producer.beginTransaction());
      try {
        await progress.step(
          'send',
          txn.send({
            messages: outputsOf(o, partition, slice).map((r) => ({
              topic: r.topic,
              ...(r.key === null ? {} : { key: r.key }),
              value: r.value,
              // A Map: with a plain object (typed as allowed) 2.12.1's send never settles.
              headers: new Map([[SRC, Buffer.from(r.src)]]),
            })),
          }),
        );
        await progress.step(
          'offsets',
          txn.addConsumer(consumer).then(() => txn.addOffset(last)),
        );
        await progress.step('commit', txn.commit());
      } catch (err) {
        await txn.abort();
        throw err;
      }
      progress.commit(slice.length);
    }
  };

  // Each partition drains its own queue in transactions, independently of the others (as
  // eachBatch with partitionsConsumedConcurrently does); the reader goes on filling the queues
  // and waits only when a partition holds more than two transactions' worth.
  const queues = new Map<number, Message[]>();
  const running = new Map<number, Promise<void>>();
  const failed: { error: Error | null } = { error: null };
  let stop = (): void => undefined;
  // The reader stops when the target is committed, or at the first failed transaction.
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
    void progress.done.then(resolve);
  });
  const drain = (partition: number): void => {
    if (running.has(partition)) return;
    const run = (async () => {
      for (;;) {
        const next = queues.get(partition)?.splice(0, o.maxBatch) ?? [];
        if (next.length === 0) return;
        await commitPartition(partition, next);
      }
    })()
      .catch((err: unknown) => {
        failed.error ??= err instanceof Error ? err : new Error(String(err));
        stop();
      })
      .finally(() => running.delete(partition));
    running.set(partition, run);
  };
  const stream = (await consumer.consume({
    topics: [o.input],
    mode: MessagesStreamModes.COMMITTED,
    fallbackMode: 'earliest',
  })) as Stream;
  for (let batch = await nextBatch(stream, stopped); batch !== null;) {
    progress.received();
    for (const m of batch) {
      const queue = queues.get(m.partition) ?? [];
      queue.push(m);
      queues.set(m.partition, queue);
      drain(m.partition);
    }
    while ([...queues.values()].some((q) => q.length > 2 * o.maxBatch) && failed.error === null)
      await Promise.race(running.values());
    batch = failed.error === null ? await nextBatch(stream, stopped) : null;
  }
  if (failed.error !== null) throw failed.error;
  await stream.close();
  await consumer.close();
  await Promise.all([...producers.values()].map((p) => p.close()));
}
