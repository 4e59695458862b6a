// What the worker must know about the topics before it starts: the partition count of the
// input log, checked equal to the contact book's, because the owner of input partition N keeps
// its portfolios' state in contact-book partition N.
import { WaiError, toWaiError } from '../../domain/errors.js';
import type { KafkaAdmin, KafkaClient } from '../../adapters/kafka/index.js';
import type { TopicNames } from '../../adapters/kafka/topics.js';

async function partitionCount(admin: KafkaAdmin, topic: string): Promise<number> {
  try {
    return (await admin.partitionOffsets(topic)).length;
  } catch (err) {
    const e = toWaiError(err);
    throw new WaiError(
      e.code,
      `${e.message} (does ${topic} exist? \`wa-identity provision\` creates the topics)`,
      { retriable: e.retriable, cause: err },
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
