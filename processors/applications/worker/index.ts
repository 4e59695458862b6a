// The Kafka worker's public surface (`wa-identity run`, the demo, integration tests).
export { startPipeline, WORKER_STAGE } from './start-pipeline.js';
export type { Pipeline, PipelineOptions, StageTuning } from './start-pipeline.js';
export { domainSettings } from './domain-settings.js';
export type { DomainSettings } from './domain-settings.js';
