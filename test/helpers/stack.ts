// Which Kafka + schema registry the integration tests run against, chosen once per run:
// 1. external services, when KAFKA_BROKERS and SCHEMA_REGISTRY_URL are both set;
// 2. containers, when a Docker engine answers;
// 3. the project's own local JVMs (processors/runtime/local-stack).
// WAI_TEST_STACK=local|containers forces 2 or 3.
import { WaiError } from '../../processors/domain/errors.js';
import { startLocalStack } from '../../processors/adapters/local-stack/index.js';
import { dockerEngineAnswers } from './docker-probe.js';
import type { TestStack } from './test-stack.js';

export type { TestStack } from './test-stack.js';

async function startLocal(): Promise<TestStack> {
  const stack = await startLocalStack({ keepLogs: process.env['WAI_KEEP_STACK_LOGS'] === '1' });
  return {
    kind: 'local',
    brokers: stack.brokers,
    registryUrl: stack.registryUrl,
    description: `local JVMs: Kafka ${stack.versions.kafka}, Apicurio Registry ${stack.versions.registry} (logs in ${stack.runDir})`,
    stop: () => stack.stop(),
  };
}

async function startContainerStack(): Promise<TestStack> {
  // Loaded only on this path: testcontainers does work at import time.
  const { startContainers } = await import('./containers.js');
  return startContainers();
}

export async function startTestStack(env: NodeJS.ProcessEnv = process.env): Promise<TestStack> {
  const brokers = env['KAFKA_BROKERS'];
  const registryUrl = env['SCHEMA_REGISTRY_URL'];
  if (brokers && registryUrl) {
    return {
      kind: 'external',
      brokers: brokers.split(',').map((b) => b.trim()),
      registryUrl,
      description: `external services: KAFKA_BROKERS=${brokers}, SCHEMA_REGISTRY_URL=${registryUrl}`,
      stop: () => Promise.resolve(),
    };
  }
  const forced = env['WAI_TEST_STACK'];
  if (forced === 'local') return startLocal();
  if (forced === 'containers') return startContainerStack();
  if (forced !== undefined && forced !== '') {
    throw new WaiError('WAI_CONFIG', `WAI_TEST_STACK must be local or containers, not ${forced}`, {
      field: 'WAI_TEST_STACK',
    });
  }
  return (await dockerEngineAnswers(env)) ? startContainerStack() : startLocal();
}
