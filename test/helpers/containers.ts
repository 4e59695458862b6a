// The Docker path: the same Kafka and Apicurio versions as the local JVM stack, as containers.
import { GenericContainer, Wait, getContainerRuntimeClient } from 'testcontainers';

import {
  DEFAULT_KAFKA_VERSION,
  DEFAULT_REGISTRY_VERSION,
} from '../../processors/adapters/local-stack/index.js';
import { freePorts } from '../../processors/adapters/local-stack/ports.js';
import type { TestStack } from './test-stack.js';

export async function startContainers(): Promise<TestStack> {
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  // The advertised listener must carry the host-side port, so it is chosen before start.
  const [kafkaPort] = await freePorts(1);
  if (kafkaPort === undefined) throw new Error('no free port');

  const kafka = new GenericContainer(`apache/kafka:${DEFAULT_KAFKA_VERSION}`)
    .withExposedPorts({ container: 9092, host: kafkaPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      // PLAINTEXT for the tests (host address), BROKER for the broker's calls to itself
      // (transaction markers), which cannot go through the host-side port.
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093,BROKER://:9094',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${kafkaPort},BROKER://localhost:9094`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
        'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,BROKER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      // testcontainers' own Kafka module leaves this at 3: transactions would hang.
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000);

  const registry = new GenericContainer(`apicurio/apicurio-registry:${DEFAULT_REGISTRY_VERSION}`)
    .withExposedPorts(8080)
    .withEnvironment({
      APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD',
      APICURIO_REST_DELETION_ARTIFACT_ENABLED: 'true',
      APICURIO_REST_DELETION_ARTIFACT_VERSION_ENABLED: 'true',
      APICURIO_REST_DELETION_GROUP_ENABLED: 'true',
    })
    .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200))
    .withStartupTimeout(120_000);

  const [kafkaStarted, registryStarted] = await Promise.all([kafka.start(), registry.start()]);
  const registryUrl = `http://${registryStarted.getHost()}:${registryStarted.getMappedPort(8080)}/apis/ccompat/v7`;
  return {
    kind: 'containers',
    brokers: [`${host}:${kafkaPort}`],
    registryUrl,
    description: `containers: apache/kafka:${DEFAULT_KAFKA_VERSION}, apicurio/apicurio-registry:${DEFAULT_REGISTRY_VERSION}`,
    stop: async () => {
      await Promise.all([kafkaStarted.stop(), registryStarted.stop()]);
    },
  };
}
