// Per-test-file access to the integration stack. Everything created through `useKafka()`
// (topics, clients, subjects) is pushed on a cleanup list at creation and released in
// afterAll, in reverse order, so a failing test still leaves the broker clean.
// The product's fixes to kafkajs (read_committed filtering, idle timers) for the test kit's
// own clients too.
import '../../processors/adapters/kafka/kafkajs-fixes.js';
import { randomBytes } from 'node:crypto';

import { afterAll } from '@jest/globals';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { wrapAdmin } from '../../processors/adapters/kafka/admin.js';
import type { Admin, Consumer, ConsumerConfig, Producer, ProducerConfig } from 'kafkajs';

export interface TestEndpoints {
  brokers: string[];
  registryUrl: string;
}

/** The endpoints globalSetup published; a clear failure when the integration setup did not run. */
export function testEndpoints(env: NodeJS.ProcessEnv = process.env): TestEndpoints {
  const brokers = env['KAFKA_BROKERS'];
  const registryUrl = env['SCHEMA_REGISTRY_URL'];
  if (!brokers || !registryUrl) {
    throw new Error(
      'KAFKA_BROKERS / SCHEMA_REGISTRY_URL are not set: run with `jest --selectProjects integration`',
    );
  }
  return { brokers: brokers.split(','), registryUrl };
}

/** Unique per call, safe as a topic, group, transactional id or subject name. */
export function randomName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export interface TopicOptions {
  partitions?: number;
  configs?: Record<string, string>;
}

export interface KafkaTestKit {
  endpoints: TestEndpoints;
  kafka: Kafka;
  registry: SchemaRegistry;
  admin(): Promise<Admin>;
  /** Creates a topic with a random name (from `prefix`) and returns the name. */
  createTopic(prefix?: string, options?: TopicOptions): Promise<string>;
  producer(config?: ProducerConfig): Promise<Producer>;
  consumer(config?: Partial<ConsumerConfig>): Consumer;
  /** Marks a registry subject for deletion in afterAll. */
  trackSubject(subject: string): void;
}

/** Integration tests' timeout (set by integration-env.ts, jest's setupFilesAfterEnv). */
export const INTEGRATION_TEST_TIMEOUT_MS = 120_000;

export function useKafka(): KafkaTestKit {
  const endpoints = testEndpoints();
  // kafkajs reads KAFKAJS_LOG_LEVEL itself, which overrides this when debugging.
  const kafka = new Kafka({
    clientId: 'wai-integration-test',
    brokers: endpoints.brokers,
    logLevel: logLevel.NOTHING,
  });
  const registry = new SchemaRegistry({ host: endpoints.registryUrl });
  const cleanups: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((err: unknown) => errors.push(err));
    }
    if (errors.length > 0) throw new AggregateError(errors, 'integration cleanup failed');
  });

  let sharedAdmin: Promise<Admin> | undefined;
  const admin = (): Promise<Admin> => {
    sharedAdmin ??= (async () => {
      const client = kafka.admin();
      await client.connect();
      cleanups.unshift(() => client.disconnect()); // runs last: topics are deleted through it
      return client;
    })();
    return sharedAdmin;
  };

  return {
    endpoints,
    kafka,
    registry,
    admin,
    async createTopic(prefix = 'test', options = {}) {
      const topic = randomName(prefix);
      const client = await admin();
      cleanups.push(() => client.deleteTopics({ topics: [topic] }));
      // The product's admin adapter: it retries while new topics' metadata propagates.
      await wrapAdmin(client).createTopics([
        { name: topic, partitions: options.partitions ?? 1, configs: options.configs ?? {} },
      ]);
      return topic;
    },
    async producer(config = {}) {
      const producer = kafka.producer({
        createPartitioner: Partitioners.DefaultPartitioner,
        ...config,
      });
      cleanups.push(() => producer.disconnect());
      await producer.connect();
      return producer;
    },
    consumer(config = {}) {
      // Short fetch waits: kafkajs heartbeats and stops only between fetches, so the default
      // 5 s long poll slows every rebalance and every disconnect in a test by up to 5 s.
      const consumer = kafka.consumer({
        groupId: randomName('test-group'),
        maxWaitTimeInMs: 250,
        ...config,
      });
      cleanups.push(() => consumer.disconnect());
      return consumer;
    },
    trackSubject(subject) {
      cleanups.push(() => deleteSubject(endpoints.registryUrl, subject));
    },
  };
}

/** Soft then hard delete, the Confluent way; a registry that forbids deletion is tolerated. */
async function deleteSubject(registryUrl: string, subject: string): Promise<void> {
  const url = `${registryUrl}/subjects/${encodeURIComponent(subject)}`;
  for (const suffix of ['', '?permanent=true']) {
    const res = await fetch(url + suffix, { method: 'DELETE' });
    if (!res.ok && res.status !== 404 && res.status !== 405) {
      throw new Error(`DELETE ${url}${suffix} answered ${res.status}: ${await res.text()}`);
    }
  }
}
