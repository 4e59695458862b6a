// Provisioning a deployment: every topic of `topicSpecs(config.topicPrefix)` with the
// configured partitions, replication factor and per-topic settings, and every Avro subject
// registered (FULL_TRANSITIVE, all versions in order). Idempotent: existing topics are
// described, never recreated or altered, and differences are reported as drift. What can
// refuse (a missing registry URL, co-partitioning, an incompatible schema) does so before
// any topic is created.
import { WaiError } from '../../domain/errors.js';
import type { AppConfig } from '../config.js';
import { createKafka, type KafkaClient } from '../../adapters/kafka/index.js';
import { topicSpecs, type TopicSpec } from '../../adapters/kafka/topics.js';
import type { Logger } from '../../adapters/logging/logger.js';
import {
  registerTopicSchemas,
  type RegisteredSubject,
} from '../../adapters/avro/register-topics.js';
import { createRegistryClient, type RegistryClient } from '../../adapters/avro/registry.js';
import {
  connectCluster,
  type ExistingTopic,
  type ProvisionCluster,
  type TopicQuery,
} from './cluster.js';
import { checkCoPartitioning, planTopics, type TopicOutcome, type TopicPlan } from './plan.js';

export type { TopicOutcome } from './plan.js';

export interface ProvisionOptions {
  /** `skip`: topics only. Default `register`, which needs SCHEMA_REGISTRY_URL. */
  schemas?: 'register' | 'skip';
  /** Default: a client from config.kafka (disconnected at the end either way). */
  kafka?: KafkaClient;
  /** Default: a client for config.registryUrl. */
  registry?: RegistryClient;
  /** Where schemas/<subject>/v<N>.avsc live (default: the package's schemas/). */
  schemasDir?: string;
}

export interface ProvisionReport {
  /** In topicSpecs order. */
  topics: TopicOutcome[];
  /** Empty when schemas were skipped. */
  subjects: RegisteredSubject[];
}

type ProvisionConfig = Pick<
  AppConfig,
  | 'appId'
  | 'kafka'
  | 'registryUrl'
  | 'registrySecurity'
  | 'topicPrefix'
  | 'partitions'
  | 'replicationFactor'
  | 'inputRetentionMs'
>;

function registryFor(config: ProvisionConfig, options: ProvisionOptions): RegistryClient | null {
  if (options.schemas === 'skip') return null;
  if (options.registry) return options.registry;
  if (config.registryUrl === null) {
    throw new WaiError(
      'WAI_CONFIG',
      'SCHEMA_REGISTRY_URL is not set: the Avro topics need their schemas registered ' +
        '(set it, or provision topics only with --skip-schemas)',
      { field: 'SCHEMA_REGISTRY_URL' },
    );
  }
  return createRegistryClient(config.registryUrl, config.registrySecurity);
}

/** Creates the planned topics and reports every topic as it is now. */
async function applyPlan(
  cluster: ProvisionCluster,
  specs: readonly TopicSpec[],
  plan: TopicPlan,
  ask: readonly TopicQuery[],
): Promise<TopicOutcome[]> {
  await cluster.create(plan.create);
  const created = new Set(plan.create.map((c) => c.name));
  // Described again: a topic another provisioner created meanwhile is reported as it is.
  const after =
    created.size === 0
      ? new Map<string, ExistingTopic>()
      : await cluster.describe(ask.filter((a) => created.has(a.name)));
  return specs.map((spec): TopicOutcome => {
    const found = plan.found.find((f) => f.id === spec.id);
    if (found) return found;
    const made = after.get(spec.name);
    if (made === undefined) {
      throw new WaiError('WAI_BROKER', `${spec.name} was created but is not visible yet`, {
        retriable: true,
      });
    }
    const { partitions, replicationFactor } = made;
    return {
      id: spec.id,
      name: spec.name,
      action: 'created',
      partitions,
      replicationFactor,
      drift: [],
    };
  });
}

function logOutcomes(logger: Logger, outcomes: readonly TopicOutcome[]): void {
  for (const o of outcomes) {
    const fields = {
      topic: o.name,
      partitions: o.partitions,
      replicationFactor: o.replicationFactor,
    };
    if (o.drift.length > 0)
      logger.warn({ ...fields, drift: o.drift }, 'topic differs from the configuration');
    else logger.info(fields, o.action === 'created' ? 'topic created' : 'topic found');
  }
}

export async function provision(
  config: ProvisionConfig,
  logger: Logger,
  options: ProvisionOptions = {},
): Promise<ProvisionReport> {
  const registry = registryFor(config, options);
  const specs = topicSpecs(config.topicPrefix, { inputRetentionMs: config.inputRetentionMs });
  const ask = specs.map((s) => ({ name: s.name, configNames: Object.keys(s.configs) }));
  const cluster = await connectCluster(options.kafka ?? createKafka(config, logger));
  try {
    const existing = await cluster.describe(ask);
    checkCoPartitioning(specs, existing, config.partitions);
    const plan = planTopics(specs, existing, {
      partitions: config.partitions,
      replicationFactor: config.replicationFactor,
    });
    // Before any topic is created, so an incompatible schema refuses with nothing changed.
    const subjects =
      registry === null ? [] : await registerTopicSchemas(registry, specs, options.schemasDir);
    for (const s of subjects)
      logger.info({ subject: s.subject, ids: s.ids }, 'schema versions registered');
    const topics = await applyPlan(cluster, specs, plan, ask);
    logOutcomes(logger, topics);
    return { topics, subjects };
  } finally {
    await cluster.disconnect();
  }
}
