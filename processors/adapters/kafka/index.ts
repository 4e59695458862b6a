// The Kafka adapter's public surface. Stages import from here, never from kafkajs.
export { createKafka } from './client.js';
export type { KafkaClient, KafkaClientConfig, KafkaSasl, KafkaTls } from './client.js';
export type { KafkaAdmin, PartitionOffsets, TopicToCreate } from './admin.js';
export type {
  InputHeaders,
  InputRecord,
  OutputHeaders,
  OutputRecord,
  TopicPartition,
} from './records.js';
export { DLQ_HEADERS, dlqRecord } from './dlq.js';
export type { DlqOptions } from './dlq.js';
export { partitionForKey } from './partitioner.js';
export { restorePartitions } from './restore.js';
export type { RestoreRequest, RestoreResult } from './restore.js';
export { runAtLeastOnce } from './at-least-once.js';
export type { AtLeastOnceConsumer, AtLeastOnceOptions } from './at-least-once.js';
export { createSink, createTransactionalSink } from './sink.js';
export type { Sink } from './sink.js';
export { runStage } from './stage-runner.js';
export type {
  AssignContext,
  BatchContext,
  PartitionProcessor,
  StageHandle,
  StageOptions,
} from './stage.js';
export type { BackoffOptions } from './backoff.js';
export type { WrittenBatch } from './partition-producer.js';
export { readRange } from './range-reader.js';
export type { RangeRequest, RangeResult } from './range-reader.js';
export { offsetsForTime } from './time-offsets.js';
export { createOwnerDirectory } from './owner-directory.js';
export type { OwnerDirectory, PartitionOwner } from './owner-directory.js';
