// What the worker must know about the topics before it starts: the partition count of the
// input log, checked equal to the contact book's, because the owner of input partition N keeps
// its portfolios' state in contact-book partition N.
import { WaiError, toWaiError } from '../../domain/errors.js';
import type { KafkaAdmin, KafkaClient } from '../../adapters/kafka/index.js';
import type { TopicNames } from '../../adapters/kafka/topics.js';

/**
 * The topic's partition count. When reading it fails, the topic is looked up: only a topic that
 * really is missing gets the hint about `provision`; any other failure (a broker still electing
 * leaders, a timeout) is reported as it is, retriable when it is.
 */
export async function partitionCount(admin: KafkaAdmin, topic: string): Promise<number> {
  try {
    return (await admin.partitionOffsets(topic)).length;
  } catch (err) {
    const e = toWaiError(err);
    const exists = await admin
      .describeTopics([{ name: topic, configNames: [] }])
      .then((found) => found.has(topic))
      .catch(() => true); // unknown: do not claim it is missing
    if (exists) throw e;
    throw new WaiError(
      'WAI_CONFIG',
      `topic ${topic} does not exist: \`wa-identity provision\` creates the topics`,
      { field: 'WAI_TOPIC_PREFIX', cause: err },
    );
  }
}

export async function inputPartitions(
  client: KafkaClient,
  topics: Pick<TopicNames, 'input' | 'contactBook'>,
): Promise<number> {
  const admin = await client.admin();
  try {
    const input = await partitionCount(admin, topics.input);
    const book = await partitionCount(admin, topics.contactBook);
    if (input !== book || input === 0) {
      throw new WaiError(
        'WAI_CONFIG',
        `${topics.input} has ${input} partitions and ${topics.contactBook} ${book}: ` +
          'they must be equal (the owner of input partition N keeps its state in contact-book partition N)',
      );
    }
    return input;
  } finally {
    await admin.disconnect();
  }
}
