// The schema registry behind HTTPS and basic auth: a real reverse proxy started by the test
// (node:https, a certificate from a CA the test makes) in front of the integration stack's
// registry. With the right credentials and CA, provisioning registers every schema and
// `schemas list` reads them back; wrong credentials or another CA fail with a clear error
// that names the setting and never the password.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../processors/applications/config.js';
import { main } from '../../../processors/applications/cli/main.js';
import { provision } from '../../../processors/applications/provision/provision.js';
import { createLogger } from '../../../processors/adapters/logging/logger.js';
import { testEndpoints, useKafka } from '../../helpers/kafka.js';
import { useDeployments } from '../provision/deployment.js';
import { makeTestCerts, type TestCerts } from '../../helpers/certs.js';
import { testIo } from '../cli/cli-io.js';

const kit = useKafka();
const USER = 'registry-user';
const PASSWORD = 'registry-password-9f3';
const logger = createLogger({ level: 'silent' });
let certs: TestCerts;
let proxy: Server;
let proxied = 0;
let base: string;

beforeAll(async () => {
  certs = makeTestCerts();
  const upstream = new URL(testEndpoints().registryUrl);
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  proxy = createServer(
    { key: readFileSync(certs.keyFile), cert: readFileSync(certs.certFile) },
    (req, res) => {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error_code":401,"message":"Unauthorized"}');
        return;
      }
      proxied += 1;
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    },
  );
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const { port } = proxy.address() as AddressInfo;
  base = `https://127.0.0.1:${port}${upstream.pathname}`;
});

afterAll(async () => {
  proxy.close();
  await rm(certs.dir, { recursive: true, force: true });
});

const deployment = useDeployments(kit);

function env(vars: Record<string, string>): Record<string, string> {
  const { env: plain } = deployment('reg-sec');
  return {
    ...plain,
    SCHEMA_REGISTRY_URL: base,
    WAI_PARTITIONS: '1',
    SCHEMA_REGISTRY_USERNAME: USER,
    SCHEMA_REGISTRY_CA_FILE: certs.caFile,
    ...vars,
  };
}

describe('schema registry over HTTPS with basic auth', () => {
  it('provisions and lists schemas with the right credentials and CA', async () => {
    const vars = env({ SCHEMA_REGISTRY_PASSWORD: PASSWORD });
    const before = proxied;
    const report = await provision(loadConfig(vars), logger);
    expect(report.subjects.length).toBeGreaterThan(3);
    expect(proxied).toBeGreaterThan(before);
    const io = testIo(vars);
    expect(await main(['schemas', 'list'], io)).toBe(0);
    expect(io.out()).toContain(`${vars['WAI_TOPIC_PREFIX'] ?? ''}data-stream-value`);
  });

  it('wrong credentials: a clear error without the password', async () => {
    const wrong = 'wrong-password-77';
    const io = testIo(env({ SCHEMA_REGISTRY_PASSWORD: wrong }));
    expect(await main(['provision'], io)).not.toBe(0);
    expect(io.err()).toContain('401');
    expect(io.err()).toContain('SCHEMA_REGISTRY_USERNAME');
    expect(io.err()).not.toContain(wrong);
  });

  it('another CA: a clear error naming SCHEMA_REGISTRY_CA_FILE', async () => {
    const io = testIo(
      env({ SCHEMA_REGISTRY_PASSWORD: PASSWORD, SCHEMA_REGISTRY_CA_FILE: certs.otherCaFile }),
    );
    expect(await main(['provision'], io)).not.toBe(0);
    expect(io.err()).toContain('SCHEMA_REGISTRY_CA_FILE');
    expect(io.err()).not.toContain(PASSWORD);
  });
});
