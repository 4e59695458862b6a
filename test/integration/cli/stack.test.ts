// `wa-identity stack` as a user runs it: its own process, the export lines on stdout, a broker
// and a registry that answer at those addresses, and nothing left running after Ctrl-C.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

function portOpen(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host ?? '127.0.0.1');
    socket.once('connect', () => resolve(!socket.destroy()));
    socket.once('error', () => resolve(false));
  });
}

describe('wa-identity stack', () => {
  it('prints the addresses to export, serves them, and stops everything on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        path.join(ROOT, 'test', 'integration', 'runner', 'register-ts.mts'),
        path.join(ROOT, 'test', 'integration', 'pipeline', 'cli-entry.ts'),
        'stack',
      ],
      { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const exports = new Map<string, string>();
    for await (const line of createInterface({ input: child.stdout })) {
      const m = /^export (KAFKA_BROKERS|SCHEMA_REGISTRY_URL)=(\S+)$/.exec(line);
      if (m?.[1] !== undefined && m[2] !== undefined) exports.set(m[1], m[2]);
      if (exports.size === 2) break;
    }
    const brokers = exports.get('KAFKA_BROKERS') ?? '';
    const registryUrl = exports.get('SCHEMA_REGISTRY_URL') ?? '';
    expect(brokers).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registryUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);

    const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'stack-test', numPartitions: 1 }] });
    expect(await admin.listTopics()).toContain('stack-test');
    await admin.disconnect();
    const subjects = await fetch(`${registryUrl}/subjects`);
    expect(subjects.status).toBe(200);
    expect(await subjects.json()).toEqual([]);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr.join('\n')).toContain('Stopped the local Kafka broker and schema registry.');
    expect(await portOpen(brokers)).toBe(false);
    expect(await portOpen(new URL(registryUrl).host)).toBe(false);
  }, 180_000);
});
