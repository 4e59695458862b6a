// waitUntil over a fake process: ready when the probe says so, a timeout with the last probe
// error, and a process that dies during start-up reported with its log and, if known, a hint.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WaiError } from '../../../../processors/domain/errors.js';
import type { JvmProcess } from '../../../../processors/adapters/local-stack/jvm-process.js';
import { waitUntil } from '../../../../processors/adapters/local-stack/wait.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wai-wait-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A process that answers isRunning() true `runningChecks` times, then has exited with `exit`. */
async function fakeProcess(
  log: string,
  runningChecks: number,
  exit = 'code 1',
): Promise<JvmProcess> {
  const logFile = path.join(dir, 'jvm.log');
  await writeFile(logFile, log);
  let checks = 0;
  return {
    name: 'jvm',
    pid: 1,
    logFile,
    exited:
      runningChecks === Infinity ? new Promise<string>(() => undefined) : Promise.resolve(exit),
    isRunning: () => (checks += 1) <= runningChecks,
    stop: () => Promise.resolve(),
  };
}

async function rejection(p: Promise<unknown>): Promise<WaiError> {
  try {
    await p;
  } catch (err) {
    return err as WaiError;
  }
  throw new Error('expected a rejection');
}

describe('waitUntil', () => {
  it('returns once the probe says ready; a throwing probe only means not yet', async () => {
    const answers = [new Error('connection refused'), false, true];
    let probes = 0;
    await waitUntil({
      what: 'Kafka',
      process: await fakeProcess('', Infinity),
      timeoutMs: 10_000,
      errorCode: 'WAI_BROKER',
      probe: () => {
        const answer = answers[probes++];
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer === true);
      },
    });
    expect(probes).toBe(3);
  });

  it('gives WAI_TIMEOUT past the deadline, with the last probe error and the log', async () => {
    const proc = await fakeProcess('still loading classes\n', Infinity);
    const err = await rejection(
      waitUntil({
        what: 'Kafka 4.4.0 on 127.0.0.1:9092',
        process: proc,
        timeoutMs: 1,
        errorCode: 'WAI_BROKER',
        probe: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error('connect ECONNREFUSED');
        },
      }),
    );
    expect(err.code).toBe('WAI_TIMEOUT');
    expect(err.message).toBe(
      'Kafka 4.4.0 on 127.0.0.1:9092 not ready after 0.001s (last probe: connect ECONNREFUSED)\n' +
        `log: ${proc.logFile}\n  | still loading classes`,
    );
  });

  it('fails at once with the given code when the process exits during start-up', async () => {
    const proc = await fakeProcess('Exception in thread "main"\n', 0, 'code 1');
    let probes = 0;
    const err = await rejection(
      waitUntil({
        what: 'Apicurio Registry',
        process: proc,
        timeoutMs: 60_000,
        errorCode: 'WAI_SCHEMA',
        probe: () => Promise.resolve(++probes > 100),
      }),
    );
    expect(probes).toBe(0);
    expect(err.code).toBe('WAI_SCHEMA');
    expect(err.message).toBe(
      `Apicurio Registry exited during start-up (code 1)\nlog: ${proc.logFile}\n` +
        '  | Exception in thread "main"',
    );
  });

  it('adds a hint for failures whose log line does not say what to do', async () => {
    const tooOld =
      'java.lang.UnsupportedClassVersionError: class file version 65.0, this Java runs up to 61.0';
    const proc = await fakeProcess(`${tooOld}\n`, 1, 'code 1');
    const err = await rejection(
      waitUntil({
        what: 'Kafka',
        process: proc,
        timeoutMs: 60_000,
        errorCode: 'WAI_BROKER',
        probe: () => Promise.resolve(false),
      }),
    );
    expect(err.code).toBe('WAI_BROKER');
    expect(err.message).toContain(`  | ${tooOld}`);
    expect(err.message).toMatch(
      /\nhint: this version needs a newer Java than the one on PATH\/JAVA_HOME$/,
    );

    const taken = await fakeProcess('java.net.BindException: Address already in use\n', 0);
    const portErr = await rejection(
      waitUntil({
        what: 'Kafka',
        process: taken,
        timeoutMs: 60_000,
        errorCode: 'WAI_BROKER',
        probe: () => Promise.resolve(false),
      }),
    );
    expect(portErr.message).toMatch(/\nhint: a port was taken between choosing and binding it/);
  });
});
