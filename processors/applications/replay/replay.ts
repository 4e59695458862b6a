// `wa-identity replay`: reprocess the input log from a record time, in one of two modes.
//   in place      the worker group's committed offsets move back to --from (refused while
//                 the group has live members); its workers reprocess from there against the
//                 contact book as it is now, and publish those events again (same event ids).
//   side by side  a fresh deployment (new app id and topic prefix) is provisioned and the
//                 input log is copied into it from its start: records before --from rebuild
//                 the contact book only (warm-up), so the new deployment's outputs for the
//                 records in [--from, --to) equal the original ones, record by record.
import type { Logger } from 'pino';
import { WaiError } from '../../domain/errors.js';
import type { KafkaAdmin, KafkaClient } from '../../adapters/kafka/index.js';
import { createKafka, createSink, offsetsForTime } from '../../adapters/kafka/index.js';
import type { AppConfig } from '../config.js';
import { provision } from '../provision/provision.js';
import { WORKER_STAGE } from '../worker/start-pipeline.js';
import { copyInputLog, type CopyCounts } from './copy.js';
import type { PartitionOffsetsAt } from './plan.js';

export const workerGroup = (config: Pick<AppConfig, 'appId'>): string =>
  `${config.appId}-${WORKER_STAGE}`;

async function inputOffsets(admin: KafkaAdmin, topic: string): Promise<PartitionOffsetsAt[]> {
  const found = await admin.describeTopics([{ name: topic, configNames: [] }]);
  if (!found.has(topic)) {
    throw new WaiError('WAI_CONFIG', `the input log ${topic} does not exist (WAI_TOPIC_PREFIX?)`, {
      field: 'WAI_TOPIC_PREFIX',
    });
  }
  return (await admin.partitionOffsets(topic))
    .map((p) => ({
      partition: p.partition,
      low: BigInt(p.low),
      high: BigInt(p.high),
      from: BigInt(p.high),
      committed: null,
    }))
    .sort((a, b) => a.partition - b.partition);
}

/** Offsets of the input log, with where --from falls on each partition. */
export async function planOffsets(
  client: KafkaClient,
  admin: KafkaAdmin,
  config: AppConfig,
  fromMs: number,
  group: string | null,
): Promise<PartitionOffsetsAt[]> {
  const topic = config.topics.input;
  const partitions = await inputOffsets(admin, topic);
  const at = await offsetsForTime(client, topic, fromMs);
  const committed =
    group === null
      ? null
      : await admin.committedOffsets(
          group,
          topic,
          partitions.map((p) => p.partition),
        );
  return partitions.map((p) => {
    const found = at.get(p.partition);
    // An answer outside [low, high] (none at or after the time): the end.
    const from = found === undefined || BigInt(found) < 0n ? p.high : BigInt(found);
    const c = committed?.get(p.partition);
    return {
      ...p,
      from: from < p.low ? p.low : from > p.high ? p.high : from,
      committed: c === undefined || c === null ? null : BigInt(c),
    };
  });
}

/** Refuses while the group has live members, naming them by client id and host. */
export async function requireNoMembers(
  admin: KafkaAdmin,
  group: string,
  field: string,
): Promise<void> {
  const members = await admin.groupMembers(group);
  if (members.length === 0) return;
  const who = members.map((m) => `${m.clientId}@${m.host}`).join(', ');
  throw new WaiError(
    'WAI_CONFIG',
    `refusing: consumer group ${group} has ${members.length} live member(s) (${who}); stop those workers first`,
    { field },
  );
}

export async function resetInPlace(
  admin: KafkaAdmin,
  config: AppConfig,
  plan: readonly PartitionOffsetsAt[],
): Promise<void> {
  const group = workerGroup(config);
  await requireNoMembers(admin, group, '--in-place');
  await admin.setGroupOffsets(
    group,
    config.topics.input,
    plan.map((p) => ({ partition: p.partition, offset: String(p.from) })),
  );
}

/** The target must be new: another prefix and app id, an empty input log, no live workers. */
export async function checkTarget(
  admin: KafkaAdmin,
  source: AppConfig,
  target: AppConfig,
): Promise<void> {
  if (target.topicPrefix === source.topicPrefix) {
    throw new WaiError('WAI_CONFIG', '--into must differ from WAI_TOPIC_PREFIX', {
      field: '--into',
    });
  }
  if (target.appId === source.appId) {
    throw new WaiError('WAI_CONFIG', '--into-app-id must differ from WAI_APP_ID', {
      field: '--into-app-id',
    });
  }
  await requireNoMembers(admin, workerGroup(target), '--into-app-id');
  const found = await admin.describeTopics([{ name: target.topics.input, configNames: [] }]);
  if (!found.has(target.topics.input)) return;
  const offsets = await admin.partitionOffsets(target.topics.input);
  const held = offsets.reduce((n, p) => n + (BigInt(p.high) - BigInt(p.low)), 0n);
  if (offsets.length !== target.partitions || offsets.some((p) => p.high !== '0')) {
    throw new WaiError(
      'WAI_CONFIG',
      `${target.topics.input} already exists with ${offsets.length} partitions and ${held} records: replay into a new --into prefix`,
      { field: '--into' },
    );
  }
}

export async function replaySideBySide(
  client: KafkaClient,
  target: AppConfig,
  logger: Logger,
  o: {
    sourceTopic: string;
    plan: readonly PartitionOffsetsAt[];
    fromMs: number;
    toMs: number | null;
  },
  onProgress?: (copied: number) => void,
): Promise<CopyCounts> {
  await provision(target, logger);
  const sink = await createSink(createKafka(target, logger));
  try {
    return await copyInputLog(client, sink, {
      sourceTopic: o.sourceTopic,
      targetTopic: target.topics.input,
      from: new Map(o.plan.map((p) => [p.partition, String(p.low)])),
      to: new Map(o.plan.map((p) => [p.partition, String(p.high)])),
      fromMs: o.fromMs,
      toMs: o.toMs,
      ...(onProgress === undefined ? {} : { onProgress }),
    });
  } finally {
    await sink.close();
  }
}
