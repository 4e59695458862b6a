// The stages a worker can run. Dependency-free, so the CLI can validate `--stage` without
// loading Kafka clients (commands are all loaded at start-up, also by `--help`).
export type StageName = 'split' | 'resolve';
export const STAGE_NAMES: readonly StageName[] = ['split', 'resolve'];
