// A throwaway deployment per test: its own topic prefix (so its own topics and subjects), a
// config as `loadConfig` builds it from the environment, and cleanup of everything under the
// prefix in afterAll, whether provision, a test or nothing created it.
import { afterAll } from '@jest/globals';
import type { KafkaTestKit } from '../../helpers/kafka.js';
import { randomName } from '../../helpers/kafka.js';
import { loadConfig, type AppConfig } from '../../../processors/applications/config.js';
import { topicSpecs } from '../../../processors/adapters/kafka/topics.js';
import { subjectFor } from '../../../processors/adapters/avro/registry.js';

export interface Deployment {
  prefix: string;
  env: Record<string, string>;
  config: AppConfig;
}

export function useDeployments(kit: KafkaTestKit) {
  const prefixes: string[] = [];
  afterAll(async () => {
    // Its own admin: the kit's is disconnected by the kit's own afterAll.
    const admin = kit.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      const ours = existing.filter((t) => prefixes.some((p) => t.startsWith(p)));
      if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    } finally {
      await admin.disconnect();
    }
  });
  return (name: string, env: Record<string, string> = {}): Deployment => {
    const prefix = `${randomName(name)}.`;
    prefixes.push(prefix);
    for (const spec of topicSpecs(prefix)) {
      if (spec.schemaDir !== null) kit.trackSubject(subjectFor(spec.name));
    }
    const full = {
      KAFKA_BROKERS: kit.endpoints.brokers.join(','),
      SCHEMA_REGISTRY_URL: kit.endpoints.registryUrl,
      WAI_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      ...env,
    };
    return { prefix, env: full, config: loadConfig(full) };
  };
}
