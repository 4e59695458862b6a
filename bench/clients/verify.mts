// The read_committed verifier, on kafkajs (the client the product is known to be right with):
// reads the three output topics from the beginning until it has every expected record and
// nothing more arrives for a quiet period; counts records and duplicates (by their `src`
// header, the input partition and offset); checks the loop's group committed every input
// partition to its end.
import { Kafka, logLevel } from 'kafkajs';

export interface Verdict {
  /** Records per output topic, in the order of `outputs`. */
  counts: number[];
  duplicates: number;
  /** Input partitions whose committed group offset is not the partition's end. */
  uncommittedPartitions: number;
  ok: boolean;
}

const QUIET_MS = 1500;
const DEADLINE_MS = 60_000;

export async function verify(
  brokers: string[],
  run: string,
  input: string,
  outputs: readonly string[],
  expectedPerTopic: number,
  groupId: string,
): Promise<Verdict> {
  const kafka = new Kafka({ clientId: `${run}-verify`, brokers, logLevel: logLevel.ERROR });
  const seen = new Map(outputs.map((t) => [t, new Set<string>()]));
  const counts = new Map(outputs.map((t) => [t, 0]));
  let lastArrival = Date.now();
  const consumer = kafka.consumer({ groupId: `${run}-verify`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [...outputs], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      lastArrival = Date.now();
      const set = seen.get(batch.topic);
      for (const m of batch.messages) {
        counts.set(batch.topic, (counts.get(batch.topic) ?? 0) + 1);
        set?.add(String(m.headers?.['src']));
      }
      await Promise.resolve();
    },
  });
  const start = Date.now();
  const total = (): number => [...counts.values()].reduce((a, b) => a + b, 0);
  while (Date.now() - start < DEADLINE_MS) {
    await new Promise((r) => setTimeout(r, 250));
    if (total() >= expectedPerTopic * outputs.length && Date.now() - lastArrival > QUIET_MS) break;
  }
  await consumer.disconnect();

  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(input);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
  await admin.disconnect();
  const at = new Map(committed?.partitions.map((p) => [p.partition, p.offset]) ?? []);
  const uncommittedPartitions = ends.filter((e) => at.get(e.partition) !== e.high).length;

  const perTopic = outputs.map((t) => counts.get(t) ?? 0);
  const duplicates = outputs.reduce(
    (sum, t) => sum + (counts.get(t) ?? 0) - (seen.get(t)?.size ?? 0),
    0,
  );
  const ok =
    perTopic.every((c) => c === expectedPerTopic) &&
    duplicates === 0 &&
    uncommittedPartitions === 0;
  return { counts: perTopic, duplicates, uncommittedPartitions, ok };
}
