// Commands that talk to Kafka print nothing but what they mean to: no runtime warning (kafkajs
// scheduled checks at negative delays, and Node 24 printed a TimeoutNegativeWarning for each
// command), run as a user runs them, in their own process.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { useKafka } from '../../helpers/kafka.js';
import { PIPELINE_ENV, metaInbound } from '../../unit/pipeline/inputs.js';
import { usePipelineDeployments } from '../pipeline/harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const ROOT = path.join(import.meta.dirname, '..', '..', '..');

function cli(args: string[], env: Record<string, string>, stdin: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(ROOT, 'test', 'integration', 'runner', 'register-ts.mts'),
      path.join(ROOT, 'test', 'integration', 'pipeline', 'cli-entry.ts'),
      ...args,
    ],
    { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.resume();
  child.stdin.end(stdin);
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr })),
  );
}

describe('commands that talk to Kafka', () => {
  it('print no runtime warning', async () => {
    const d = await deployment('quiet', PIPELINE_ENV);
    const lines = Array.from({ length: 20 }, (_, i) =>
      metaInbound(`wamid.Q${i}`, '2026-09-01T10:00:00Z', i % 2 === 0),
    ).join('\n');
    const r = await cli(['send'], d.env, `${lines}\n`);
    expect(r.stderr).toContain('send: 20 lines → 20 records');
    expect(r.stderr).not.toMatch(/Warning/);
    expect(r.code).toBe(0);
  });
});
