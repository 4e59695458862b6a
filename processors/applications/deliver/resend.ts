// `wa-identity deliver --resend <subscriber>`: one pass over the subscriber's dead-letter
// topic, from where the last resend stopped (group `<appId>-deliver-<id>-resend`) to the end
// offsets taken at the start. Each event is delivered again with the usual retries; one that
// fails again is dead-lettered again, after those end offsets, so it waits for the next pass.
import { WaiError } from '../../domain/errors.js';
import { createSink, restorePartitions, type InputRecord } from '../../adapters/kafka/index.js';
import type { SubscriberSettings } from './deliver-config.js';
import {
  deliverDlqTopic,
  ensureDlqTopics,
  subscriberHandler,
  type DeliverContext,
} from './deliver-worker.js';

export interface ResendReport {
  subscriber: string;
  /** Dead-lettered events read in this pass. */
  read: number;
}

export async function resendDeadLetters(
  o: DeliverContext,
  subscriberId: string,
  signal: AbortSignal,
): Promise<ResendReport> {
  const sub: SubscriberSettings | undefined = o.settings.subscribers.find(
    (s) => s.id === subscriberId,
  );
  if (sub === undefined) {
    const known = o.settings.subscribers.map((s) => s.id).join(', ');
    throw new WaiError('WAI_CONFIG', `--resend ${subscriberId}: no such subscriber (${known})`, {
      field: '--resend',
    });
  }
  await ensureDlqTopics(o);
  const topic = deliverDlqTopic(o.config.topicPrefix, sub.id);
  const groupId = `${o.config.appId}-deliver-${sub.id}-resend`;
  const partitions = Array.from({ length: o.config.partitions }, (_, i) => i);
  const admin = await o.client.admin();
  const sink = await createSink(o.client);
  try {
    const committed = await admin.committedOffsets(groupId, topic, partitions);
    const from = new Map(
      [...committed].flatMap(([p, offset]) => (offset === null ? [] : [[p, offset] as const])),
    );
    const records: InputRecord[] = [];
    const { endOffsets } = await restorePartitions(o.client, {
      topic,
      partitions,
      from,
      // A compacted topic may replay a little before `from`; this one is not compacted.
      apply: (r) => void records.push(r),
    });
    await subscriberHandler(o, sub, sink, signal)(records, () => Promise.resolve());
    await admin.setGroupOffsets(
      groupId,
      topic,
      [...endOffsets].map(([partition, offset]) => ({ partition, offset })),
    );
    return { subscriber: sub.id, read: records.length };
  } finally {
    await sink.close();
    await admin.disconnect();
  }
}
