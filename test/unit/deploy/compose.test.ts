// No Docker engine runs in CI, so the compose file is checked for structure: the services a
// user needs exist, transactions can work on one broker, and the processor is wired to both.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_KAFKA_VERSION } from '../../../processors/adapters/local-stack/kafka-broker.js';
import { DEFAULT_REGISTRY_VERSION } from '../../../processors/adapters/local-stack/schema-registry.js';

const root = join(import.meta.dirname, '..', '..', '..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number>;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[] };
  ports?: string[];
}

// `merge`: the processor's environment extends provision's with YAML's `<<` merge key.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const service = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};

describe('docker-compose.yml', () => {
  it('runs Kafka 4 in KRaft mode with transaction state that fits one broker', () => {
    const kafka = service('kafka');
    // The same versions the tests run against without Docker.
    expect(kafka.image).toBe(`apache/kafka:${DEFAULT_KAFKA_VERSION}`);
    const env = kafka.environment ?? {};
    expect(env['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(String(env['KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR'])).toBe('1');
    expect(String(env['KAFKA_TRANSACTION_STATE_LOG_MIN_ISR'])).toBe('1');
    expect(String(env['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'])).toBe('1');
    expect(kafka.healthcheck).toBeDefined();
  });

  it('runs a schema registry serving the Confluent-compatible API with a global rule', () => {
    const registry = service('schema-registry');
    expect(registry.image).toBe(`apicurio/apicurio-registry:${DEFAULT_REGISTRY_VERSION}`);
    expect(registry.environment?.['APICURIO_RULES_GLOBAL_COMPATIBILITY']).toBeDefined();
    expect(registry.healthcheck).toBeDefined();
  });

  it.each(['provision', 'processor'])(
    'builds %s from deploy/docker/Dockerfile and wires it to both services',
    (name) => {
      const s = service(name);
      expect(s.build?.dockerfile).toBe('deploy/docker/Dockerfile');
      expect(existsSync(join(root, s.build?.context ?? '', 'deploy/docker/Dockerfile'))).toBe(true);
      const env = s.environment ?? {};
      const [brokerHost] = String(env['KAFKA_BROKERS']).split(':');
      expect(Object.keys(compose.services)).toContain(brokerHost);
      const registryUrl = new URL(String(env['SCHEMA_REGISTRY_URL']));
      expect(Object.keys(compose.services)).toContain(registryUrl.hostname);
      expect(registryUrl.pathname).toBe('/apis/ccompat/v7');
    },
  );

  it.each(['provision', 'processor'])('runs a wa-identity command that exists (%s)', (name) => {
    const [command] = service(name).command ?? [];
    expect(
      existsSync(join(root, 'processors/applications/cli/commands', `${command ?? ''}.ts`)),
    ).toBe(true);
  });

  it('publishes the processor metrics port and checks its health endpoint', () => {
    const processor = service('processor');
    const port = String(processor.environment?.['WAI_METRICS_PORT']);
    expect(port).toMatch(/^\d+$/);
    expect(processor.ports).toContain(`${port}:${port}`);
    expect(processor.healthcheck?.test?.join(' ')).toContain(`127.0.0.1:${port}/healthz`);
    // The merge keeps the shared environment.
    expect(processor.environment?.['KAFKA_BROKERS']).toBe(
      service('provision').environment?.['KAFKA_BROKERS'],
    );
  });

  it('starts the processor only after topics and schemas are provisioned', () => {
    expect(service('processor').depends_on?.['provision']?.condition).toBe(
      'service_completed_successfully',
    );
    expect(service('provision').depends_on?.['kafka']?.condition).toBe('service_healthy');
    expect(service('provision').depends_on?.['schema-registry']?.condition).toBe('service_healthy');
  });
});

describe('deploy/docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'deploy/docker/Dockerfile'), 'utf8');

  it('runs on Node 24 LTS', () => {
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThan(0);
    for (const image of froms) expect(image).toMatch(/^node:24[-.]/);
  });

  it('enters through the package bin, which exists', () => {
    const entry = /^ENTRYPOINT\s+(\[.*\])/m.exec(dockerfile);
    expect(entry).not.toBeNull();
    const argv = JSON.parse(entry?.[1] ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(argv[1]).toBe(pkg.bin['wa-identity']);
    expect(existsSync(join(root, argv[1] ?? ''))).toBe(true);
  });

  it('copies every path the image needs', () => {
    for (const path of [
      'package-lock.json',
      'processors',
      'bin',
      'schemas',
      'tsconfig.build.json',
    ]) {
      expect(dockerfile).toContain(path);
      expect(existsSync(join(root, path))).toBe(true);
    }
  });
});
