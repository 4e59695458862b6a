// The product's Kafka pipeline in one process: the split and/or resolve stages, each a
// member of its own consumer group (`<appId>-split`, `<appId>-resolve`), so more processes
// with the same config share the partitions. Used by `wa-identity run` and by the demo
// (in-process: nothing here touches signals or exits).
//
// Start-up: identity-events / contact-book partition counts read and checked equal (the
// topics must exist: `wa-identity provision`), schemas registered and codecs built (the ids
// written are the registry's own), then the stages started.
// `done` settles once every stage has stopped: it rejects with the first failure; a stage
// that fails makes the others stop gracefully, so a supervisor restarts one whole process.
import { WaiError } from '../../domain/errors.js';
import type { AppConfig } from '../config.js';
import { createKafka, runStage } from '../../adapters/kafka/index.js';
import type { KafkaClient, StageHandle } from '../../adapters/kafka/index.js';
import type { Stoppable } from '../../adapters/lifecycle/shutdown.js';
import type { Logger } from '../../adapters/logging/logger.js';
import type { WaiMetrics } from '../../adapters/metrics/metrics.js';
import { createRegistryClient, type RegistryClient } from '../../adapters/avro/registry.js';
import { createTopicCodecs } from '../../adapters/avro/topic-codecs.js';
import { domainSettings } from './domain-settings.js';
import { STAGE_NAMES, type StageName } from './stage-names.js';
import { stageOptions, type StageTuning } from './stages.js';
import { identityPartitions } from './topology.js';

export interface PipelineOptions {
  config: AppConfig;
  logger: Logger;
  /** Default: both, in one process. */
  stages?: readonly StageName[];
  tuning?: StageTuning;
  /** Default: clients built from `config`. */
  kafka?: KafkaClient;
  registry?: RegistryClient;
  /** Prometheus instruments every stage reports to (`createMetrics`); default none. */
  metrics?: WaiMetrics;
}

export interface Pipeline extends Stoppable {
  /** In `stages` order, for readiness and ownership (`owned()`). */
  readonly stages: readonly StageHandle[];
  /** Graceful stop of every stage; rejects with the first stage's stop failure. */
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
  return createRegistryClient(url);
}

function firstRejection(results: readonly PromiseSettledResult<unknown>[]): void {
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { config, logger } = options;
  const names = [...new Set(options.stages ?? STAGE_NAMES)];
  if (names.length === 0) throw new WaiError('WAI_CONFIG', 'no stage to run', { field: 'stages' });
  const registry = registryOf(options);
  const client = options.kafka ?? createKafka(config, logger);
  // Topics first: a deployment nobody provisioned is refused before anything is registered.
  const partitions = await identityPartitions(client, config.topics);
  const deps = {
    config,
    client,
    domain: domainSettings(config),
    codecs: await createTopicCodecs(registry, config),
    identityPartitions: partitions,
    tuning: options.tuning ?? {},
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  const handles: StageHandle[] = [];
  const stopAll = async (): Promise<void> =>
    firstRejection(await Promise.allSettled(handles.map((h) => h.stop())));
  try {
    for (const name of names) handles.push(await runStage(stageOptions(name, deps)));
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopAll());
  for (const h of handles) {
    h.done.catch(() => {
      logger.error({ stage: h.name }, 'stage failed: stopping the pipeline');
      stop().catch(() => undefined);
    });
  }
  const done = Promise.allSettled(handles.map((h) => h.done)).then(firstRejection);
  done.catch(() => undefined); // read by the caller; a failure must not be unhandled meanwhile
  logger.info({ stages: names, identityPartitions: deps.identityPartitions }, 'pipeline running');
  return { stages: handles, stop, done };
}
