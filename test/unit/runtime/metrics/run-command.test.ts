// `wa-identity run --metrics-port`: documented, validated before anything starts, and the
// endpoint is closed again when the pipeline cannot start (no registry configured here).
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../cli/run-cli.js';

const ENV = { WAI_KEY_SECRET: 'a-production-secret-of-length', LOG_LEVEL: 'silent' };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}

describe('wa-identity run --metrics-port', () => {
  it('is documented with its variables', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--metrics-port <port>/);
    expect(r.stdout).toMatch(/WAI_METRICS_PORT/);
    expect(r.stdout).toMatch(/WAI_METRICS_HOST/);
  });

  it('rejects a bad port naming the flag, or the variable when it comes from there', async () => {
    const flag = await runCli(['run', '--metrics-port', 'http'], '', ENV);
    expect({ code: flag.code, err: flag.stderr }).toEqual({
      code: 2,
      err: expect.stringMatching(/--metrics-port http: expected a port number 0-65535/),
    });
    const env = await runCli(['run'], '', { ...ENV, WAI_METRICS_PORT: '70000' });
    expect({ code: env.code, err: env.stderr }).toEqual({
      code: 2,
      err: expect.stringMatching(/WAI_METRICS_PORT: must be a port number/),
    });
  });

  it('refuses a port in use before starting the stages', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const env = { ...ENV, WAI_METRICS_HOST: '127.0.0.1' };
      const r = await runCli(['run', '--metrics-port', String(port)], '', env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/metrics server cannot listen on 127\.0\.0\.1:\d+/);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('closes the endpoint when the pipeline fails to start', async () => {
    const port = await freePort();
    const env = { ...ENV, WAI_METRICS_HOST: '127.0.0.1', WAI_METRICS_PORT: String(port) };
    const r = await runCli(['run'], '', env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SCHEMA_REGISTRY_URL is not set/);
    expect(await canListen(port)).toBe(true);
  });
});
