// What provisioning asks of the cluster: which topics exist, with how many partitions,
// replicas and which settings, and creating the missing ones. The calls are the adapter's
// (adapters/kafka/admin.ts); a refusal no retry changes is WAI_CONFIG, anything else from the
// broker WAI_BROKER and retriable.
import type { KafkaClient, TopicToCreate } from '../../adapters/kafka/index.js';
import {
  adminFailure,
  type KafkaAdmin,
  type TopicDescription,
  type TopicQuery,
} from '../../adapters/kafka/admin.js';

export type { TopicQuery } from '../../adapters/kafka/admin.js';
export type ExistingTopic = TopicDescription;

export interface ProvisionCluster {
  /** The topics among `wanted` that exist, with the values of their `configNames`. */
  describe(wanted: readonly TopicQuery[]): Promise<Map<string, ExistingTopic>>;
  /** Creates the topics; one that appeared meanwhile (another provisioner) is no error. */
  create(topics: readonly TopicToCreate[]): Promise<void>;
  disconnect(): Promise<void>;
}

export async function connectCluster(client: KafkaClient): Promise<ProvisionCluster> {
  let admin: KafkaAdmin;
  try {
    admin = await client.admin();
  } catch (err) {
    throw adminFailure('connecting to Kafka', err);
  }
  return {
    describe: (wanted) => admin.describeTopics(wanted),
    create: (topics) => admin.createTopics(topics),
    disconnect: () => admin.disconnect(),
  };
}
