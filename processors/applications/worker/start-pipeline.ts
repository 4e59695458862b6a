// The product's Kafka worker in one process: one stage, `normalize`, a member of the consumer
// group `<appId>-normalize`, so more processes with the same config share the input log's
// partitions (and with them, whole portfolios). Used by `wa-identity run`, the demo and the
// integration tests (in-process: nothing here touches signals or exits).
//
// Start-up: the input log and contact book are checked to have equal partition counts (the
// topics must exist: `wa-identity provision`), schemas registered and codecs built (the ids
// written are the registry's own), then the stage joins its group. `done` settles when the
// stage has stopped, and rejects with its failure, so a supervisor restarts the process.
import { WaiError } from '../../domain/errors.js';
import type { AppConfig } from '../config.js';
import { createKafka, createOwnerDirectory, runStage } from '../../adapters/kafka/index.js';
import type {
  KafkaClient,
  OwnerDirectory,
  StageHandle,
  StageOptions,
} from '../../adapters/kafka/index.js';
import type { Stoppable } from '../../adapters/lifecycle/shutdown.js';
import type { Logger } from '../../adapters/logging/logger.js';
import type { WaiMetrics } from '../../adapters/metrics/metrics.js';
import { createRegistryClient, type RegistryClient } from '../../adapters/avro/registry.js';
import { createTopicCodecs } from '../../adapters/avro/topic-codecs.js';
import { domainSettings } from './domain-settings.js';
import type { ResolverConfig } from '../../domain/identity/config.js';
import { createPortfolioProcessor, type PartitionView } from './portfolio-processor.js';
import { avroEntryPacker, packedAsRead } from './state-packing.js';
import { DEFAULT_HOT_ENTRIES } from '../../domain/identity/entry-packing.js';
import { inputPartitions } from './topology.js';

/** The stage's name: part of the consumer group and the transactional ids. Keep it stable. */
export const WORKER_STAGE = 'normalize';

/** Runner tuning for tests and benchmarks; production runs the runner's defaults. */
export type StageTuning = Partial<
  Pick<
    StageOptions,
    | 'maxRecordsPerTransaction'
    | 'recordsPerCall'
    | 'sessionTimeoutMs'
    | 'heartbeatIntervalMs'
    | 'instanceId'
    | 'rebalanceTimeoutMs'
    | 'maxWaitTimeMs'
    | 'transactionTimeoutMs'
  >
>;

export interface PipelineOptions {
  config: AppConfig;
  logger: Logger;
  tuning?: StageTuning;
  /** Default: clients built from `config`. */
  kafka?: KafkaClient;
  registry?: RegistryClient;
  /** Prometheus instruments the stage reports to (`createMetrics`); default none. */
  metrics?: WaiMetrics;
  /** This worker's lookup endpoint, advertised to the group (StageOptions.endpoint). */
  endpoint?: string;
}

/** What the lookup API reads of this worker: its partitions' state, and how to find others. */
export interface ContactsAccess {
  /** Partition count of the input log: a portfolio's partition is partitionForKey(id, n). */
  readonly partitions: number;
  view(partition: number): PartitionView;
  /** Who owns a partition, from the group's assignment (connects on first use). */
  readonly owners: OwnerDirectory;
  readonly resolver: ResolverConfig;
}

export interface Pipeline extends Stoppable {
  /** The worker's stage, for readiness and ownership (`owned()`). */
  readonly stages: readonly StageHandle[];
  readonly contacts: ContactsAccess;
  /** Graceful stop; rejects when the stop failed. */
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

function registryOf(options: PipelineOptions): RegistryClient {
  if (options.registry) return options.registry;
  const url = options.config.registryUrl;
  if (url === null) {
    throw new WaiError('WAI_CONFIG', 'SCHEMA_REGISTRY_URL is not set: the topics are Avro', {
      field: 'SCHEMA_REGISTRY_URL',
    });
  }
  return createRegistryClient(url, options.config.registrySecurity);
}

/** WAI_FAULT_KILL_BEFORE_COMMIT (test/chaos only): die between the Nth chunk's sends and its commit. */
function faultInjection(nth: number, logger: Logger): { beforeCommit?: () => void } {
  if (nth <= 0) return {};
  logger.warn({ nth }, 'fault injection on: this worker SIGKILLs itself before a commit');
  let commits = 0;
  return {
    beforeCommit: () => {
      commits += 1;
      if (commits === nth) process.kill(process.pid, 'SIGKILL');
    },
  };
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { config, logger } = options;
  const registry = registryOf(options);
  const client = options.kafka ?? createKafka(config, logger);
  // Topics first: a deployment nobody provisioned is refused before anything is registered.
  const partitions = await inputPartitions(client, config.topics);
  const codecs = await createTopicCodecs(registry, config);
  const domain = domainSettings(config);
  const { topics } = config;
  const processor = createPortfolioProcessor({
    topics,
    routing: domain.routing,
    resolver: domain.resolver,
    encode: {
      dataStream: (v) => codecs.dataStream.encode(v),
      exportLog: (v) => codecs.exportLog.encode(v),
      outboundResults: (v) => codecs.outboundResults.encode(v),
      contactBook: (v) => codecs.contactBook.encode(v),
    },
    decodeState: (bytes) => codecs.contactBook.decode(bytes),
    packing: {
      packer: avroEntryPacker(codecs.contactBook.values),
      hotEntries: DEFAULT_HOT_ENTRIES,
    },
    packRestored: packedAsRead(codecs.contactBook.values),
    partitions,
    ...(options.metrics
      ? { onEmpty: () => options.metrics?.recordsWithoutItems.inc({ stage: WORKER_STAGE }) }
      : {}),
  });
  const stage = await runStage({
    client,
    name: WORKER_STAGE,
    inputTopics: [topics.input],
    dlqTopic: topics.dlq,
    processor,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    ...faultInjection(config.faultKillBeforeCommit, logger),
    ...config.group,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...options.tuning,
  });
  stage.done.catch(() => logger.error({ stage: stage.name }, 'worker failed'));
  logger.info({ partitions }, 'worker running');
  // The worker's own client: its admin connection is opened on the first forwarded lookup.
  const owners = createOwnerDirectory(client, { groupId: stage.groupId, topic: topics.input });
  const contacts: ContactsAccess = {
    partitions,
    view: (p) => processor.view(p),
    owners,
    resolver: domain.resolver,
  };
  const closeOwners = (): Promise<void> => owners.close().catch(() => undefined);
  void stage.done.then(closeOwners, closeOwners);
  return { stages: [stage], contacts, stop: () => stage.stop(), done: stage.done };
}
