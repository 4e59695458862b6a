// The one place a kafkajs `Kafka` is built. Stages get a KafkaClient and never import kafkajs;
// only the modules of adapters/kafka/ reach through `kafkajs`.
import { Kafka, type SASLOptions } from 'kafkajs';
import './kafkajs-fixes.js';
import type { Logger } from '../logging/logger.js';
import { wrapAdmin } from './admin.js';
import { translatingConnect } from './connect-failures.js';
import type { KafkaAdmin } from './admin.js';
import { kafkaLogCreator, kafkajsLevel } from './log-bridge.js';

import type { KafkaSasl, KafkaTls } from './security.js';

export type { KafkaSasl, KafkaTls } from './security.js';

export interface KafkaClientConfig {
  /** Prefix of consumer groups and transactional ids: one per deployment. */
  readonly appId: string;
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    /** kafkajs's own retries of a failed request (default 5); 0 for a probe. */
    readonly retries?: number;
    readonly connectionTimeoutMs?: number;
    readonly sasl?: KafkaSasl | null;
    readonly tls?: KafkaTls | null;
  };
}

export interface KafkaClient {
  /** Prefix of consumer groups and transactional ids: one per deployment. */
  readonly appId: string;
  readonly logger: Logger;
  /** For adapters/kafka/ modules only. */
  readonly kafkajs: Kafka;
  /** Connects a new admin client; the caller disconnects it. */
  admin(): Promise<KafkaAdmin>;
}

function saslOptions({ mechanism, username, password }: KafkaSasl): SASLOptions {
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

export function createKafka(config: KafkaClientConfig, logger: Logger): KafkaClient {
  const kafkajs = new Kafka({
    clientId: config.kafka.clientId,
    brokers: [...config.kafka.brokers],
    logLevel: kafkajsLevel(logger.level),
    logCreator: kafkaLogCreator(logger),
    ...(config.kafka.retries === undefined ? {} : { retry: { retries: config.kafka.retries } }),
    ...(config.kafka.connectionTimeoutMs === undefined
      ? {}
      : { connectionTimeout: config.kafka.connectionTimeoutMs }),
    ...(config.kafka.tls == null ? {} : { ssl: { ...config.kafka.tls } }),
    ...(config.kafka.sasl == null ? {} : { sasl: saslOptions(config.kafka.sasl) }),
  });
  // Every client made from it turns a refused login or an untrusted certificate into a clear
  // configuration error at connect (connect-failures.ts).
  const { brokers, sasl } = config.kafka;
  const producer = kafkajs.producer.bind(kafkajs);
  const consumer = kafkajs.consumer.bind(kafkajs);
  const admin = kafkajs.admin.bind(kafkajs);
  kafkajs.producer = (c) => translatingConnect(producer(c), brokers, sasl);
  kafkajs.consumer = (c) => translatingConnect(consumer(c), brokers, sasl);
  kafkajs.admin = (c) => translatingConnect(admin(c), brokers, sasl);
  return {
    appId: config.appId,
    logger,
    kafkajs,
    async admin() {
      const admin = kafkajs.admin();
      await admin.connect();
      return wrapAdmin(admin);
    },
  };
}
