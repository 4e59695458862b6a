// What the stages must know about the topics before they start: the partition count of
// identity-events (a contact-book switch and a broadcast go to every partition), checked equal
// to the contact book's, because resolve partition N restores contact-book partition N.
import { WaiError, toWaiError } from '../../domain/errors.js';
import type { KafkaClient } from '../../adapters/kafka/index.js';
import type { TopicNames } from '../../adapters/kafka/topics.js';

async function partitionCount(
  admin: Awaited<ReturnType<KafkaClient['admin']>>,
  topic: string,
): Promise<number> {
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

export async function identityPartitions(
  client: KafkaClient,
  topics: Pick<TopicNames, 'identityEvents' | 'contactBook'>,
): Promise<number> {
  const admin = await client.admin();
  try {
    const events = await partitionCount(admin, topics.identityEvents);
    const book = await partitionCount(admin, topics.contactBook);
    if (events !== book || events === 0) {
      throw new WaiError(
        'WAI_CONFIG',
        `${topics.identityEvents} has ${events} partitions and ${topics.contactBook} ${book}: ` +
          'they must be equal (resolve partition N keeps its state in contact-book partition N)',
      );
    }
    return events;
  } finally {
    await admin.disconnect();
  }
}
