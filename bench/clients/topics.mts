// Topics of a clients run on the shared broker: created with a unique prefix, deleted at the
// end; the input pre-filled with generated deliveries (test/helpers/traffic.ts), spread evenly
// over the partitions.
import { Kafka, logLevel } from 'kafkajs';
import { generateTraffic } from '../../test/helpers/traffic.ts';

const admin = (brokers: string[]) =>
  new Kafka({ clientId: 'bench-clients-admin', brokers, logLevel: logLevel.ERROR }).admin();

/** Creates the topics and waits until every partition has a leader (the broker is shared). */
export async function createTopics(
  brokers: string[],
  topics: string[],
  partitions: number,
): Promise<void> {
  const a = admin(brokers);
  await a.connect();
  try {
    await a.createTopics({
      waitForLeaders: false,
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
    });
    for (let attempt = 0; ; attempt++) {
      try {
        const { topics: meta } = await a.fetchTopicMetadata({ topics });
        const led = meta.every(
          (t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0),
        );
        if (led) return;
      } catch (err) {
        // UNKNOWN_TOPIC_OR_PARTITION until the metadata has caught up.
        if (attempt >= 40) throw err;
      }
      if (attempt >= 40) throw new Error(`topics ${topics.join(', ')} have no leaders`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await a.disconnect();
  }
}

export async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const a = admin(brokers);
  await a.connect();
  try {
    await a.deleteTopics({ topics });
  } finally {
    await a.disconnect();
  }
}

/**
 * Appends about `records` generated deliveries, record i to partition i mod `partitions`;
 * returns how many it appended.
 */
export async function prefill(
  brokers: string[],
  topic: string,
  records: number,
  partitions: number,
): Promise<number> {
  const { inputs } = generateTraffic({ seed: 11, records, recordTime: Date.now() });
  const producer = new Kafka({
    clientId: 'bench-clients-fill',
    brokers,
    logLevel: logLevel.ERROR,
  }).producer();
  await producer.connect();
  try {
    for (let i = 0; i < inputs.length; i += 2000) {
      await producer.send({
        topic,
        acks: -1,
        messages: inputs.slice(i, i + 2000).map((input, j) => ({
          key: `k${i + j}`,
          value: input.value,
          partition: (i + j) % partitions,
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  return inputs.length;
}
