// Offsets by record time, per partition: where a read "from 10:00" starts. The broker answers
// the earliest offset whose record timestamp is at or after the time, so every record before
// it is older (record times need not grow along a partition: outputs carry their inputs'
// times). A partition without such a record answers its read-committed end.
import { WaiError } from '../../domain/errors.js';
import type { KafkaClient } from './client.js';

export async function offsetsForTime(
  client: KafkaClient,
  topic: string,
  timestamp: number,
): Promise<Map<number, string>> {
  const admin = client.kafkajs.admin();
  try {
    await admin.connect();
    const found = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
    return new Map(found.map((p) => [p.partition, p.offset]));
  } catch (err) {
    throw new WaiError(
      'WAI_BROKER',
      `offsets of ${topic} at ${new Date(timestamp).toISOString()}: ${(err as Error).message}`,
      { retriable: true, cause: err },
    );
  } finally {
    await admin.disconnect();
  }
}
