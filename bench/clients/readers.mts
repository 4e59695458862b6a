// read_committed readers of the output topics, one per client: each returns the `src` header
// (input partition:offset) of every record it sees, per topic. Each reads from the beginning
// until it has at least `expected` records and nothing more arrives for a quiet period.
// kafkajs's read_committed is not the reference: its filter of aborted transactions
// (consumer/filterAbortedMessages.js) activates one aborted transaction per record and assumes
// the list sorted by first offset, so when several producers' aborted transactions overlap in
// one fetch (what a crash of a worker with several open transactions leaves) some aborted
// records come through. librdkafka (or @platformatic/kafka where it is missing) is the reference.
import { Consumer, FetchIsolationLevels } from '@platformatic/kafka';
import type { Message } from '@platformatic/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { loadConfluent } from './confluent-api.mts';
import type { ConfluentMessage } from './confluent-api.mts';

export type Reader = 'kafkajs' | 'platformatic' | 'librdkafka';
type Seen = Map<string, string[]>;

const QUIET_MS = 2000;
const DEADLINE_MS = 60_000;

async function settle(seen: Seen, expected: number, lastArrival: () => number): Promise<void> {
  const start = Date.now();
  const total = (): number => [...seen.values()].reduce((a, b) => a + b.length, 0);
  while (Date.now() - start < DEADLINE_MS) {
    await new Promise((r) => setTimeout(r, 250));
    if (total() >= expected && Date.now() - lastArrival() > QUIET_MS) return;
  }
}

const fresh = (topics: readonly string[]): Seen => new Map(topics.map((t) => [t, []]));

async function viaKafkajs(brokers: string[], group: string, topics: string[], expected: number) {
  const seen = fresh(topics);
  let last = Date.now();
  const kafka = new Kafka({ clientId: group, brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: group, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, message }) => {
      last = Date.now();
      seen.get(topic)?.push(String(message.headers?.['src']));
      return Promise.resolve();
    },
  });
  await settle(seen, expected, () => last);
  await consumer.disconnect();
  return seen;
}

async function viaPlatformatic(
  brokers: string[],
  group: string,
  topics: string[],
  expected: number,
) {
  const seen = fresh(topics);
  let last = Date.now();
  const consumer = new Consumer({
    clientId: group,
    bootstrapBrokers: brokers,
    groupId: group,
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    autocommit: false,
  });
  const stream = await consumer.consume({ topics, mode: 'earliest' });
  stream.on('data', (m: Message) => {
    last = Date.now();
    const src = [...m.headers].find(([k]) => k.toString() === 'src')?.[1];
    seen.get(m.topic)?.push(String(src));
  });
  await settle(seen, expected, () => last);
  await stream.close();
  await consumer.close(true);
  return seen;
}

async function viaLibrdkafka(brokers: string[], group: string, topics: string[], expected: number) {
  const loaded = await loadConfluent();
  if (loaded instanceof Error) return null;
  const seen = fresh(topics);
  let last = Date.now();
  const kafka = new loaded.KafkaJS.Kafka({
    kafkaJS: { clientId: group, brokers, logLevel: loaded.KafkaJS.logLevel.ERROR },
  });
  const consumer = kafka.consumer({
    kafkaJS: { groupId: group, fromBeginning: true, autoCommit: false },
    'isolation.level': 'read_committed',
  });
  await consumer.connect();
  await consumer.subscribe({ topics });
  await consumer.run({
    eachMessage: (p: { topic: string; message: ConfluentMessage }) => {
      last = Date.now();
      seen.get(p.topic)?.push(String(p.message.headers?.['src']));
      return Promise.resolve();
    },
  });
  await settle(seen, expected, () => last);
  await consumer.disconnect();
  return seen;
}

/** What `reader` sees of `topics`, or null when that client is not installed. */
export function readAll(
  reader: Reader,
  brokers: string[],
  group: string,
  topics: string[],
  expected: number,
): Promise<Seen | null> {
  const read = { kafkajs: viaKafkajs, platformatic: viaPlatformatic, librdkafka: viaLibrdkafka };
  return read[reader](brokers, group, topics, expected);
}
