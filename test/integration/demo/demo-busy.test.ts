// The main job as a new user runs it on a busy machine: the compiled CLI's demo, with its own
// embedded Kafka and registry started from scratch, while two other processes keep both
// cores busy, several times in a row. Each run must succeed (start-up used to fail on a
// loaded machine right after provisioning: partitions without a leader yet).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'wa-identity.js');
const RUNS = 3;
const hogs: ChildProcess[] = [];

beforeAll(() => {
  for (let i = 0; i < 2; i++)
    hogs.push(
      spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random())'], { stdio: 'ignore' }),
    );
});
afterAll(() => {
  for (const hog of hogs) hog.kill('SIGKILL');
});

function demo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Not the test stack: the demo starts and stops its own, as `bash scripts/demo` does.
  const env = { ...process.env };
  delete env['KAFKA_BROKERS'];
  delete env['SCHEMA_REGISTRY_URL'];
  const child = spawn(process.execPath, [BIN, 'demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('bash scripts/demo on a busy machine', () => {
  it(
    `succeeds ${RUNS} times in a row with both cores kept busy`,
    async () => {
      expect(
        existsSync(path.join(ROOT, 'dist', 'processors', 'applications', 'cli', 'main.js')),
      ).toBe(true);
      for (let run = 1; run <= RUNS; run++) {
        const r = await demo();
        if (r.code !== 0)
          throw new Error(`run ${run} of ${RUNS} failed (exit ${r.code}):\n${r.stderr}`);
        expect(r.stdout).toMatch(/== whatsapp\.data-stream: 10 records/);
        expect(r.stdout).toMatch(
          /Deliver: 10 data-stream events POSTed .*, 10 signatures verified/,
        );
        expect(r.stdout).toContain('Stopped the local Kafka broker and schema registry.');
      }
    },
    15 * 60_000,
  );
});
