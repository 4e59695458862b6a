// scripts/stop-local-stack touches only what it should: without arguments, stacks whose owner
// is gone, never one in use; with --scope, the stacks of that scope. The "JVMs" are stand-in
// processes whose command line looks like the broker's (the script checks it before a kill).
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, '..', '..', '..', 'scripts', 'stop-local-stack');
const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) p.kill('SIGKILL');
});

/** A process whose command line reads `java … kafka.Kafka …`, as the script expects. */
function fakeBroker(): ChildProcess {
  const child = spawn('bash', ['-c', 'exec -a "java -cp libs kafka.Kafka" sleep 300'], {
    stdio: 'ignore',
  });
  started.push(child);
  return child;
}

function deadPid(): number {
  const { pid } = spawnSync('true');
  if (pid <= 0) throw new Error('could not run true');
  return pid;
}

function run(dir: string, owner: number): { dir: string; broker: ChildProcess } {
  mkdirSync(dir, { recursive: true });
  const broker = fakeBroker();
  writeFileSync(path.join(dir, 'kafka.pid'), String(broker.pid));
  writeFileSync(path.join(dir, 'owner.pid'), String(owner));
  return { dir, broker };
}

function alive(p: ChildProcess): boolean {
  return p.exitCode === null && p.signalCode === null;
}

async function stop(args: string[], runs: string): Promise<string> {
  const child = spawn('bash', [SCRIPT, ...args], {
    env: { ...process.env, WAI_LOCAL_STACK_RUNS: runs },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 100)); // exit events of the killed
  return stderr;
}

describe('scripts/stop-local-stack', () => {
  it('without arguments stops orphaned stacks only, and names the one it leaves', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'wai-stacks-'));
    const orphan = run(path.join(runs, 'orphan'), deadPid());
    const inUse = run(path.join(runs, 'scope-test-1', 'in-use'), process.pid);

    const stderr = await stop([], runs);

    expect(alive(orphan.broker)).toBe(false);
    expect(existsSync(orphan.dir)).toBe(false);
    expect(alive(inUse.broker)).toBe(true);
    expect(existsSync(inUse.dir)).toBe(true);
    expect(stderr).toContain(`left ${inUse.dir} (in use by pid ${process.pid}`);
  });

  it('with --scope stops that scope only, in use or not', async () => {
    const runs = mkdtempSync(path.join(tmpdir(), 'wai-stacks-'));
    const mine = run(path.join(runs, 'scope-demo-1', 'a'), process.pid);
    const theirs = run(path.join(runs, 'scope-test-2', 'b'), process.pid);

    await stop(['--scope', path.join(runs, 'scope-demo-1')], runs);

    expect(alive(mine.broker)).toBe(false);
    expect(existsSync(path.join(runs, 'scope-demo-1'))).toBe(false);
    expect(alive(theirs.broker)).toBe(true);
    expect(existsSync(theirs.dir)).toBe(true);
  });
});
