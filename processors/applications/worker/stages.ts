// The two stages as the runner's StageOptions: which topics each reads, and its processor
// with the domain settings and the topics' Avro codecs plugged in. Stage names are part of
// consumer-group and transactional ids (`<appId>-split`, `<appId>-resolve-<topic>-<n>`):
// keep them stable.
import type { AppConfig } from '../config.js';
import type { KafkaClient, StageOptions } from '../../adapters/kafka/index.js';
import type { WaiMetrics } from '../../adapters/metrics/metrics.js';
import type { TopicCodecs } from '../../adapters/avro/topic-codecs.js';
import { createResolveProcessor } from './resolve-kafka-stage.js';
import { createSplitProcessor } from './split-kafka-stage.js';
import type { DomainSettings } from './domain-settings.js';
import type { StageName } from './stage-names.js';

/** Runner tuning for tests and benchmarks; production runs the runner's defaults. */
export type StageTuning = Partial<
  Pick<
    StageOptions,
    | 'maxRecordsPerTransaction'
    | 'recordsPerCall'
    | 'sessionTimeoutMs'
    | 'maxWaitTimeMs'
    | 'transactionTimeoutMs'
  >
>;

export interface StageDeps {
  config: Pick<AppConfig, 'topics' | 'shutdownTimeoutMs'>;
  client: KafkaClient;
  domain: DomainSettings;
  codecs: TopicCodecs;
  identityPartitions: number;
  tuning: StageTuning;
  metrics?: WaiMetrics;
}

export function stageOptions(name: StageName, d: StageDeps): StageOptions {
  const { topics } = d.config;
  const common = {
    client: d.client,
    name,
    dlqTopic: topics.dlq,
    shutdownTimeoutMs: d.config.shutdownTimeoutMs,
    ...(d.metrics ? { metrics: d.metrics } : {}),
    ...d.tuning,
  };
  if (name === 'split') {
    return {
      ...common,
      inputTopics: [topics.raw, topics.outboundRequests],
      processor: createSplitProcessor({
        topics,
        split: d.domain.split,
        resolver: d.domain.resolver,
        encode: (value) => d.codecs.identityEvents.encode(value),
        identityPartitions: d.identityPartitions,
      }),
    };
  }
  const { codecs } = d;
  return {
    ...common,
    inputTopics: [topics.identityEvents],
    processor: createResolveProcessor({
      topics,
      config: d.domain.resolver,
      encode: {
        identityEvents: (v) => codecs.identityEvents.encode(v),
        dataStream: (v) => codecs.dataStream.encode(v),
        exportLog: (v) => codecs.exportLog.encode(v),
        outboundResults: (v) => codecs.outboundResults.encode(v),
        contactBook: (v) => codecs.contactBook.encode(v),
      },
      decodeItem: (bytes) => codecs.identityEvents.decode(bytes),
      decodeState: (bytes) => codecs.contactBook.decode(bytes),
      identityPartitions: d.identityPartitions,
    }),
  };
}
