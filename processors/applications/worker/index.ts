// The Kafka pipeline's public surface (`wa-identity run`, the demo, integration tests).
export { startPipeline } from './start-pipeline.js';
export type { Pipeline, PipelineOptions } from './start-pipeline.js';
export { STAGE_NAMES } from './stage-names.js';
export type { StageName } from './stage-names.js';
export type { StageTuning } from './stages.js';
export { domainSettings } from './domain-settings.js';
export type { DomainSettings } from './domain-settings.js';
