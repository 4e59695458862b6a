// A stage worker as its own process, so a test can SIGKILL it mid-stream and start another.
// Run: node --import ./register-ts.mts worker.ts '<WorkerParams JSON>'
// Environment: KAFKA_BROKERS, WAI_APP_ID (read through loadConfig, as the product does).
// Prints one JSON line per lifecycle state on stdout; exits with runUntilSignal's code.
import { loadConfig } from '../../../processors/applications/config.js';
import { createKafka, runStage } from '../../../processors/adapters/kafka/index.js';
import { runUntilSignal } from '../../../processors/adapters/lifecycle/shutdown.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { UpperCountProcessor } from './upper-count-processor.js';
import type { UpperCountOptions } from './upper-count-processor.js';

export interface WorkerParams extends UpperCountOptions {
  stage: string;
  groupId: string;
  inputTopic: string;
  dlqTopic: string;
  maxRecordsPerTransaction: number;
  recordsPerCall: number;
  sessionTimeoutMs: number;
}

async function main(): Promise<number> {
  const params = JSON.parse(process.argv[2] ?? '{}') as WorkerParams;
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const stage = await runStage({
    client: createKafka(config, logger),
    name: params.stage,
    groupId: params.groupId,
    inputTopics: [params.inputTopic],
    dlqTopic: params.dlqTopic,
    processor: new UpperCountProcessor(params),
    maxRecordsPerTransaction: params.maxRecordsPerTransaction,
    recordsPerCall: params.recordsPerCall,
    sessionTimeoutMs: params.sessionTimeoutMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  });
  const report = (state: string): void => {
    process.stdout.write(`${JSON.stringify({ state, owned: stage.owned().length })}\n`);
  };
  report(stage.state);
  stage.onState(report);
  return runUntilSignal(stage, { logger });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`worker failed to start: ${String(err)}\n`);
    process.exit(1);
  },
);
