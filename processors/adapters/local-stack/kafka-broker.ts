// One combined broker+controller (KRaft) on 127.0.0.1, jars from Maven Central.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { WaiError } from '../../domain/errors.js';
import { createKafka } from '../kafka/client.js';
import type { KafkaAdmin } from '../kafka/admin.js';
import { createLogger } from '../logging/logger.js';
import { spawnJvm } from './jvm-process.js';
import type { JvmProcess } from './jvm-process.js';
import { withLogTail } from './log-tail.js';
import { ensureFetched } from './maven-fetch.js';
import { DEPLOY_LOCAL_DIR } from './paths.js';
import { freePorts } from './ports.js';
import { waitUntil } from './wait.js';

export const DEFAULT_KAFKA_VERSION = '4.4.0';

export interface KafkaBrokerOptions {
  version: string;
  cacheDir: string;
  runDir: string;
  readyTimeoutMs: number;
  /** Added before the launcher's own JVM options (e.g. JIT / GC tuning). */
  jvmArgs: string[];
  /** Extra listeners for trying secure connections (the PLAINTEXT one stays). */
  security?: BrokerSecurity;
}

export interface BrokerSecurity {
  /** A SASL_PLAINTEXT listener with these PLAIN users (name → password). */
  plainUsers?: Readonly<Record<string, string>>;
  /** SCRAM users on the SASL_PLAINTEXT listener, created when the storage is formatted. */
  scramUsers?: readonly {
    mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
    name: string;
    password: string;
  }[];
  /** An SSL listener: a PEM file holding the broker's PKCS#8 key and certificate chain. */
  tlsKeystorePem?: string;
}

export interface KafkaBroker {
  /** The running JVM (a new one after `restart`). */
  process: JvmProcess;
  bootstrap: string;
  /** The SASL_PLAINTEXT and SSL listeners' addresses, when `security` asked for them. */
  secure: { sasl: string | null; ssl: string | null };
  version: string;
  /** Stops the broker gracefully and starts it again on the same ports and data. */
  restart(graceMs?: number): Promise<void>;
  /** Stops the broker (an outage); `start` brings it back on the same ports and data. */
  stop(graceMs?: number): Promise<void>;
  start(): Promise<void>;
}

export async function fetchKafka(version: string, cacheDir: string): Promise<string> {
  const pom = path.join(DEPLOY_LOCAL_DIR, 'kafka', 'pom.xml');
  const { dir } = await ensureFetched({
    cacheDir,
    name: `kafka-${version}`,
    pom,
    args: [
      `-Dkafka.version=${version}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      '-DoutputDirectory={staging}/libs',
    ],
  });
  return path.join(dir, 'libs');
}

interface Ports {
  port: number;
  controllerPort: number;
  saslPort: number | null;
  sslPort: number | null;
}

function securityProperties(ports: Ports, security: BrokerSecurity): Record<string, string> {
  const props: Record<string, string> = {};
  if (ports.saslPort !== null) {
    const users = Object.entries(security.plainUsers ?? {})
      .map(([name, password]) => `user_${name}="${password}"`)
      .join(' ');
    props['sasl.enabled.mechanisms'] = 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512';
    props['listener.name.sasl_plaintext.plain.sasl.jaas.config'] =
      `org.apache.kafka.common.security.plain.PlainLoginModule required ${users};`;
    for (const m of ['scram-sha-256', 'scram-sha-512']) {
      props[`listener.name.sasl_plaintext.${m}.sasl.jaas.config`] =
        'org.apache.kafka.common.security.scram.ScramLoginModule required;';
    }
  }
  if (ports.sslPort !== null && security.tlsKeystorePem !== undefined) {
    props['listener.name.ssl.ssl.keystore.type'] = 'PEM';
    props['listener.name.ssl.ssl.keystore.location'] = security.tlsKeystorePem;
    props['listener.name.ssl.ssl.client.auth'] = 'none';
  }
  return props;
}

function serverProperties(ports: Ports, dataDir: string, security: BrokerSecurity): string {
  const { port, controllerPort, saslPort, sslPort } = ports;
  const listeners = [`PLAINTEXT://127.0.0.1:${port}`];
  if (saslPort !== null) listeners.push(`SASL_PLAINTEXT://127.0.0.1:${saslPort}`);
  if (sslPort !== null) listeners.push(`SSL://127.0.0.1:${sslPort}`);
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: [...listeners, `CONTROLLER://127.0.0.1:${controllerPort}`].join(','),
    'advertised.listeners': listeners.join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': 1,
    'auto.create.topics.enable': false,
    // A single node: every internal topic must fit on one replica or it is never created.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    // Fewer internal partitions: the first group / transaction is ready sooner.
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.num.partitions': 5,
    'share.coordinator.state.topic.num.partitions': 5,
    'group.initial.rebalance.delay.ms': 0,
    ...securityProperties(ports, security),
  };
  return Object.entries(props)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n');
}

async function waitReady(jvm: JvmProcess, bootstrap: string, opts: KafkaBrokerOptions) {
  // The product's one client factory; no retries of its own: the wait below polls.
  const probe = createKafka(
    {
      appId: 'wai-local-stack',
      kafka: {
        brokers: [bootstrap],
        clientId: 'wai-local-stack-probe',
        retries: 0,
        connectionTimeoutMs: 1000,
      },
    },
    createLogger({ level: 'silent' }),
  );
  let admin: KafkaAdmin | undefined;
  try {
    await waitUntil({
      what: `Kafka ${opts.version} on ${bootstrap}`,
      process: jvm,
      timeoutMs: opts.readyTimeoutMs,
      errorCode: 'WAI_BROKER',
      probe: async () => {
        admin ??= await probe.admin();
        return (await admin.brokerCount()) > 0;
      },
    });
  } finally {
    await admin?.disconnect();
  }
}

export async function startKafkaBroker(opts: KafkaBrokerOptions): Promise<KafkaBroker> {
  const libs = await fetchKafka(opts.version, opts.cacheDir);
  const security = opts.security ?? {};
  const wantsSasl = security.plainUsers !== undefined || security.scramUsers !== undefined;
  const [port, controllerPort, saslPort, sslPort] = await freePorts(4);
  if (port === undefined || controllerPort === undefined) throw new Error('no free ports');
  const ports: Ports = {
    port,
    controllerPort,
    saslPort: wantsSasl ? (saslPort ?? null) : null,
    sslPort: security.tlsKeystorePem !== undefined ? (sslPort ?? null) : null,
  };
  const dataDir = path.join(opts.runDir, 'kafka-data');
  const propsFile = path.join(opts.runDir, 'kafka-server.properties');
  await mkdir(dataDir, { recursive: true });
  await writeFile(propsFile, `${serverProperties(ports, dataDir, security)}\n`);
  const scram = (security.scramUsers ?? []).flatMap((u) => [
    '--add-scram',
    `${u.mechanism}=[name=${u.name},password=${u.password}]`,
  ]);

  const jvmArgs = [
    ...opts.jvmArgs,
    '-Xmx512m',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.join(DEPLOY_LOCAL_DIR, 'kafka', 'log4j2.properties')}`,
    '-cp',
    path.join(libs, '*'),
  ];
  // As Kafka's own Uuid.randomUuid: never a leading '-', which the storage tool would take
  // for an option (then the format fails: about one start in 64 before this).
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const format = await spawnJvm({
    name: 'kafka-format',
    args: [
      ...jvmArgs,
      'kafka.tools.StorageTool',
      'format',
      `--cluster-id=${clusterId}`,
      '-c',
      propsFile,
      ...scram,
    ],
    cwd: opts.runDir,
    logFile: path.join(opts.runDir, 'kafka-format.log'),
    pidFile: path.join(opts.runDir, 'kafka-format.pid'),
  });
  const formatExit = await format.exited;
  if (formatExit !== 'code 0') {
    const message = `Kafka ${opts.version} storage format ${formatExit}`;
    throw new WaiError('WAI_BROKER', await withLogTail(message, format.logFile));
  }

  const bootstrap = `127.0.0.1:${port}`;
  const launch = async (): Promise<JvmProcess> => {
    const jvm = await spawnJvm({
      name: 'kafka',
      args: [...jvmArgs, 'kafka.Kafka', propsFile],
      cwd: opts.runDir,
      logFile: path.join(opts.runDir, 'kafka.log'),
      pidFile: path.join(opts.runDir, 'kafka.pid'),
      orphanCleanupDir: dataDir,
    });
    try {
      await waitReady(jvm, bootstrap, opts);
    } catch (err) {
      await jvm.stop(5000);
      throw err;
    }
    return jvm;
  };
  const broker: KafkaBroker = {
    process: await launch(),
    bootstrap,
    secure: {
      sasl: ports.saslPort === null ? null : `127.0.0.1:${ports.saslPort}`,
      ssl: ports.sslPort === null ? null : `127.0.0.1:${ports.sslPort}`,
    },
    version: opts.version,
    async restart(graceMs = 15_000) {
      await broker.stop(graceMs);
      await broker.start();
    },
    async stop(graceMs = 15_000) {
      await broker.process.stop(graceMs);
    },
    async start() {
      // Same ports, same data dir: to clients it is the same broker, back after a while.
      broker.process = await launch();
    },
  };
  return broker;
}
