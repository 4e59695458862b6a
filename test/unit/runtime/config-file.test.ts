// The configuration file: YAML or JSON validated at once (every problem with its path), its
// settings turned into the variables the rest of the configuration reads, the environment
// winning over it, secrets refused inline and read from files; and SASL/TLS/registry auth
// settings checked without ever echoing a secret.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../processors/applications/config.js';
import { effectiveEnv, parseConfigFile } from '../../../processors/applications/config-file.js';
import { takeConfigFlag } from '../../../processors/applications/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'wai-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const PASSWORD = 'kafka-password-value-42';
const passwordFile = file('kafka.pw', `${PASSWORD}\n`);
const registryPw = file('registry.pw', 'registry-password-value-7\n');
const keyFile = file('key', 'a-key-secret-from-a-file-of-enough-length\n');
const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');

const YAML = `
appId: billing
topicPrefix: prod.
partitions: 12
kafka:
  brokers: [b1:9093, b2:9093]
  sasl: { mechanism: scram-sha-512, username: svc, passwordFile: ${passwordFile} }
  tls: { caFile: ${ca}, servername: kafka.internal }
schemaRegistry:
  url: https://registry.internal:8081
  username: svc
  passwordFile: ${registryPw}
  caFile: ${ca}
portfolioMap: { wabas: { "102290129340398": acme } }
keySecretFile: ${keyFile}
group: { sessionTimeoutMs: 20000 }
`;

describe('config file', () => {
  it('gives the typed config through the same variables, the environment winning', () => {
    const path = file('wai.yaml', YAML);
    const config = loadConfig(effectiveEnv({ WAI_CONFIG: path, WAI_PARTITIONS: '3' }));
    expect(config.appId).toBe('billing');
    expect(config.topics.input).toBe('prod.input');
    expect(config.partitions).toBe(3);
    expect(config.kafka).toEqual({
      brokers: ['b1:9093', 'b2:9093'],
      clientId: 'billing',
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: PASSWORD },
      tls: { ca: expect.stringContaining('BEGIN CERTIFICATE'), servername: 'kafka.internal' },
    });
    expect(config.registryUrl).toBe('https://registry.internal:8081');
    expect(config.registrySecurity).toEqual({
      auth: { username: 'svc', password: 'registry-password-value-7' },
      ca: expect.stringContaining('BEGIN CERTIFICATE'),
    });
    expect(config.keySecret).toBe('a-key-secret-from-a-file-of-enough-length');
    expect(config.portfolios.wabas).toEqual({ '102290129340398': 'acme' });
    expect(config.group.sessionTimeoutMs).toBe(20_000);
  });

  it('reads JSON too', () => {
    const path = file(
      'wai.json',
      JSON.stringify({ appId: 'json-app', kafka: { brokers: ['x:1'] } }),
    );
    expect(loadConfig(effectiveEnv({ WAI_CONFIG: path })).kafka.brokers).toEqual(['x:1']);
  });

  it('takes the input log retention (-1: forever) and checks it like the variable', () => {
    const days = (n: number) => n * 24 * 3_600_000;
    const ok = file('retention.json', JSON.stringify({ inputRetentionMs: days(45) }));
    expect(loadConfig(effectiveEnv({ WAI_CONFIG: ok })).inputRetentionMs).toBe(days(45));
    const forever = file('forever.json', JSON.stringify({ inputRetentionMs: -1 }));
    expect(loadConfig(effectiveEnv({ WAI_CONFIG: forever })).inputRetentionMs).toBe(-1);
    const short = file('short.json', JSON.stringify({ inputRetentionMs: days(7) }));
    expect(() => loadConfig(effectiveEnv({ WAI_CONFIG: short }))).toThrow('WAI_INPUT_RETENTION_MS');
  });

  it('reports every problem at once, each with its path', () => {
    const text = `
partitions: -1
kafka:
  brokers: []
  sasl: { mechanism: gssapi, username: svc, password: ${PASSWORD} }
schemaRegistry: { url: ftp://registry }
colour: blue
`;
    let message = '';
    try {
      parseConfigFile(text, 'wai.yaml');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('invalid configuration file wai.yaml');
    for (const path of [
      'partitions:',
      'kafka.brokers:',
      'kafka.sasl.mechanism:',
      'kafka.sasl.password: secrets are not accepted in the config file: use passwordFile',
      'schemaRegistry.url:',
      'colour: not a known setting',
    ]) {
      expect(message).toContain(path);
    }
    expect(message).not.toContain(PASSWORD);
  });

  it('names the file when it cannot be read or parsed', () => {
    expect(() => effectiveEnv({ WAI_CONFIG: join(dir, 'missing.yaml') })).toThrow(
      /cannot read the config file .*missing\.yaml: ENOENT/,
    );
    expect(() => parseConfigFile('a: [1', 'bad.yaml')).toThrow(/bad\.yaml: not YAML or JSON/);
  });

  it('--config is taken out of any command line, with or without =', () => {
    expect(takeConfigFlag(['read', '--config', 'a.yaml', 'x'])).toEqual({
      args: ['read', 'x'],
      configPath: 'a.yaml',
    });
    expect(takeConfigFlag(['--config=b.yaml'])).toEqual({ args: [], configPath: 'b.yaml' });
    expect(takeConfigFlag(['--yes'])).toEqual({ args: ['--yes'], configPath: null });
    expect(() => takeConfigFlag(['--config'])).toThrow('--config needs a file path');
  });
});

describe('secure connection settings', () => {
  const problems = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('checks SASL and TLS settings, never echoing a password', () => {
    const message = problems({
      WAI_KAFKA_SASL_MECHANISM: 'kerberos',
      WAI_KAFKA_SASL_PASSWORD: PASSWORD,
      WAI_KAFKA_TLS_CERT_FILE: ca,
      SCHEMA_REGISTRY_PASSWORD: PASSWORD,
      SCHEMA_REGISTRY_URL: 'http://registry',
      SCHEMA_REGISTRY_CA_FILE: ca,
    });
    expect(message).toContain(
      'WAI_KAFKA_SASL_MECHANISM: expected one of plain, scram-sha-256, scram-sha-512',
    );
    expect(message).toContain('WAI_KAFKA_SASL_USERNAME: is required with SASL kerberos');
    expect(message).toContain('WAI_KAFKA_TLS_CERT_FILE: a client certificate needs');
    expect(message).toContain('SCHEMA_REGISTRY_USERNAME: is required with');
    expect(message).toContain('SCHEMA_REGISTRY_CA_FILE: applies to an https://');
    expect(message).not.toContain(PASSWORD);
  });

  it('takes a password from a variable or a file, not both', () => {
    const base = { WAI_KAFKA_SASL_MECHANISM: 'plain', WAI_KAFKA_SASL_USERNAME: 'svc' };
    expect(loadConfig({ ...base, WAI_KAFKA_SASL_PASSWORD: 'p1' }).kafka.sasl?.password).toBe('p1');
    expect(
      loadConfig({ ...base, WAI_KAFKA_SASL_PASSWORD_FILE: passwordFile }).kafka.sasl?.password,
    ).toBe(PASSWORD);
    const both = problems({
      ...base,
      WAI_KAFKA_SASL_PASSWORD: 'p1',
      WAI_KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    expect(both).toContain('WAI_KAFKA_SASL_PASSWORD: give one password');
    expect(problems(base)).toContain('WAI_KAFKA_SASL_PASSWORD: is required with SASL');
    expect(loadConfig({ WAI_KAFKA_TLS: 'true' }).kafka.tls).toEqual({});
    expect(loadConfig({}).kafka).toEqual(expect.objectContaining({ sasl: null, tls: null }));
  });
});
