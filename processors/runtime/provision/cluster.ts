// What provisioning asks of the cluster: which topics exist, with how many partitions,
// replicas and which settings, and creating the missing ones.
//
// The adapter's KafkaAdmin (runtime/kafka/admin.ts) has no topic description, and that
// folder has another owner, so this file is the one place outside it that reaches through
// `client.kafkajs`. It belongs in the adapter; move it there when the admin grows these calls.
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { toWaiError, WaiError } from '../../core/errors.js';
import type { KafkaClient, TopicToCreate } from '../kafka/index.js';

export interface ExistingTopic {
  name: string;
  partitions: number;
  /** Replicas of partition 0 (every partition is created with the same count). */
  replicationFactor: number;
  /** The values of the settings asked about, as the broker reports them. */
  configs: Record<string, string>;
}

export interface TopicQuery {
  name: string;
  /** The settings whose values to report. */
  configNames: readonly string[];
}

export interface ProvisionCluster {
  /** The topics among `wanted` that exist, with the values of their `configNames`. */
  describe(wanted: readonly TopicQuery[]): Promise<Map<string, ExistingTopic>>;
  /** Creates the topics; one that appeared meanwhile (another provisioner) is no error. */
  create(topics: readonly TopicToCreate[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Refusals no retry changes: a bad setting or count, a policy, missing rights. */
const REFUSED = /^(INVALID_|POLICY_VIOLATION$|\w+_AUTHORIZATION_FAILED$)/;

interface KafkaJsError {
  type?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** The error and, for kafkajs's aggregate of per-topic errors, each of those. */
function parts(err: unknown): KafkaJsError[] {
  const e = (err ?? {}) as KafkaJsError;
  return [e, ...(Array.isArray(e.errors) ? (e.errors as KafkaJsError[]) : [])];
}

function brokerError(what: string, err: unknown): WaiError {
  if (err instanceof WaiError) return err;
  const details = parts(err)
    .map((e) => (typeof e.message === 'string' ? e.message : ''))
    .filter((m, i, all) => m !== '' && all.indexOf(m) === i);
  const message = `${what}: ${details.join('; ') || toWaiError(err).message}`;
  const refused = parts(err).some((e) => typeof e.type === 'string' && REFUSED.test(e.type));
  return refused
    ? new WaiError('WAI_CONFIG', message, { cause: err })
    : new WaiError('WAI_BROKER', message, { retriable: true, cause: err });
}

async function describeTopics(
  admin: Admin,
  wanted: readonly TopicQuery[],
): Promise<Map<string, ExistingTopic>> {
  const listed = new Set(await admin.listTopics());
  const present = wanted.filter((w) => listed.has(w.name));
  const found = new Map<string, ExistingTopic>();
  if (present.length === 0) return found;
  const { topics } = await admin.fetchTopicMetadata({ topics: present.map((w) => w.name) });
  // Only topics with settings to check: an empty name list would mean "all of them".
  const withConfigs = present.filter((w) => w.configNames.length > 0);
  const { resources } =
    withConfigs.length === 0
      ? { resources: [] }
      : await admin.describeConfigs({
          includeSynonyms: false,
          resources: withConfigs.map((w) => ({
            type: ConfigResourceTypes.TOPIC,
            name: w.name,
            configNames: [...w.configNames],
          })),
        });
  for (const t of topics) {
    const first = t.partitions.find((p) => p.partitionId === 0) ?? t.partitions[0];
    const asked = new Set(present.find((w) => w.name === t.name)?.configNames);
    const entries = resources.find((r) => r.resourceName === t.name)?.configEntries ?? [];
    found.set(t.name, {
      name: t.name,
      partitions: t.partitions.length,
      replicationFactor: first?.replicas.length ?? 0,
      configs: Object.fromEntries(
        entries.filter((e) => asked.has(e.configName)).map((e) => [e.configName, e.configValue]),
      ),
    });
  }
  return found;
}

export async function connectCluster(client: KafkaClient): Promise<ProvisionCluster> {
  const admin = client.kafkajs.admin();
  try {
    await admin.connect();
  } catch (err) {
    throw brokerError('connecting to Kafka', err);
  }
  return {
    async describe(wanted) {
      try {
        return await describeTopics(admin, wanted);
      } catch (err) {
        throw brokerError('describing topics', err);
      }
    },
    async create(topics) {
      if (topics.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((t) => ({
            topic: t.name,
            numPartitions: t.partitions,
            replicationFactor: t.replicationFactor ?? 1,
            configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({
              name,
              value,
            })),
          })),
        });
      } catch (err) {
        throw brokerError(`creating ${topics.map((t) => t.name).join(', ')}`, err);
      }
    },
    disconnect: () => admin.disconnect(),
  };
}
