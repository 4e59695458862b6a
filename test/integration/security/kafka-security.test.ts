// Secure connections to a real broker of our own (the local stack's jars) with a
// SASL_PLAINTEXT listener (a PLAIN user and SCRAM-SHA-256/512 users) and an SSL listener
// (a certificate signed by a CA the test makes): provisioning, producing and reading back
// work with each mechanism and with TLS; a wrong password or an untrusted certificate fails
// with an error that names the setting (and the mechanism and user) and never the password.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WaiError } from '../../../processors/domain/errors.js';
import { loadConfig, type AppConfig } from '../../../processors/applications/config.js';
import { provision } from '../../../processors/applications/provision/provision.js';
import { main } from '../../../processors/applications/cli/main.js';
import { createKafka, createSink, readRange } from '../../../processors/adapters/kafka/index.js';
import type { InputRecord } from '../../../processors/adapters/kafka/index.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import {
  startKafkaBroker,
  DEFAULT_KAFKA_VERSION,
  type KafkaBroker,
} from '../../../processors/adapters/local-stack/kafka-broker.js';
import { defaultCacheDir, newRunDir } from '../../../processors/adapters/local-stack/paths.js';
import { makeTestCerts, type TestCerts } from '../../helpers/certs.js';
import { testIo } from '../cli/cli-io.js';

const PLAIN_PASSWORD = 'alice-plain-password-1';
const SCRAM_PASSWORD = 'bob-scram-password-2';
const logger = createLogger({ level: 'silent' });
let broker: KafkaBroker;
let certs: TestCerts;
let runDir: string;

beforeAll(async () => {
  certs = makeTestCerts();
  runDir = newRunDir();
  broker = await startKafkaBroker({
    version: DEFAULT_KAFKA_VERSION,
    cacheDir: defaultCacheDir(),
    runDir,
    readyTimeoutMs: 180_000,
    jvmArgs: ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'],
    security: {
      plainUsers: { alice: PLAIN_PASSWORD },
      scramUsers: [
        { mechanism: 'SCRAM-SHA-256', name: 'bob', password: SCRAM_PASSWORD },
        { mechanism: 'SCRAM-SHA-512', name: 'bob', password: SCRAM_PASSWORD },
      ],
      tlsKeystorePem: certs.keystoreFile,
    },
  });
}, 240_000);

afterAll(async () => {
  await broker.process.stop(10_000);
  await rm(runDir, { recursive: true, force: true });
  await rm(certs.dir, { recursive: true, force: true });
});

let n = 0;
function env(vars: Record<string, string>): Record<string, string> {
  n += 1;
  return { WAI_TOPIC_PREFIX: `sec-${n}.`, WAI_APP_ID: `sec-${n}`, WAI_PARTITIONS: '1', ...vars };
}

/** Provision the topics, append one record and read it back, all over the given settings. */
async function roundTrip(config: AppConfig): Promise<InputRecord[]> {
  await provision(config, logger, { schemas: 'skip' });
  const client = createKafka(config, logger);
  const sink = await createSink(client);
  try {
    await sink.send([{ topic: config.topics.input, key: 'acme', value: `hello ${n}` }]);
  } finally {
    await sink.close();
  }
  const records: InputRecord[] = [];
  await readRange(client, {
    topic: config.topics.input,
    from: new Map([[0, '0']]),
    to: new Map([[0, '1']]),
    apply: (r) => void records.push(r),
  });
  return records;
}

async function failure(config: AppConfig): Promise<WaiError> {
  try {
    await roundTrip(config);
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected the connection to fail');
}

const sasl = (mechanism: string, user: string, password: string) =>
  env({
    KAFKA_BROKERS: broker.secure.sasl ?? '',
    WAI_KAFKA_SASL_MECHANISM: mechanism,
    WAI_KAFKA_SASL_USERNAME: user,
    WAI_KAFKA_SASL_PASSWORD: password,
  });

describe('Kafka over SASL', () => {
  it.each([
    ['plain', 'alice', PLAIN_PASSWORD],
    ['scram-sha-256', 'bob', SCRAM_PASSWORD],
    ['scram-sha-512', 'bob', SCRAM_PASSWORD],
  ])('%s: provisions, produces and reads back', async (mechanism, user, password) => {
    const records = await roundTrip(loadConfig(sasl(mechanism, user, password)));
    expect(records.map((r) => r.value?.toString())).toEqual([`hello ${n}`]);
  });

  it('a wrong password names mechanism, user and setting, never the password', async () => {
    const wrong = 'not-the-password-xyz';
    const err = await failure(loadConfig(sasl('scram-sha-512', 'bob', wrong)));
    expect(err).toBeInstanceOf(WaiError);
    expect(err.code).toBe('WAI_CONFIG');
    expect(err.message).toContain('SASL SCRAM-SHA-512 login of user "bob"');
    expect(err.message).not.toContain(wrong);

    const io = testIo({ ...sasl('plain', 'alice', wrong), LOG_LEVEL: 'debug' });
    const code = await main(['provision', '--skip-schemas'], io);
    expect(code).toBe(2);
    expect(io.err()).toContain('SASL PLAIN login of user "alice"');
    expect(io.err()).not.toContain(wrong);
    expect(io.out()).not.toContain(wrong);
  });
});

describe('Kafka over TLS', () => {
  const tls = (caFile: string) =>
    env({ KAFKA_BROKERS: broker.secure.ssl ?? '', WAI_KAFKA_TLS_CA_FILE: caFile });

  it('works with the CA that signed the broker certificate', async () => {
    const records = await roundTrip(loadConfig(tls(certs.caFile)));
    expect(records).toHaveLength(1);
  });

  it('fails clearly with another CA', async () => {
    const err = await failure(loadConfig(tls(certs.otherCaFile)));
    expect(err.code).toBe('WAI_CONFIG');
    expect(err.message).toContain('certificate is not trusted');
    expect(err.message).toContain('WAI_KAFKA_TLS_CA_FILE');
  });
});
