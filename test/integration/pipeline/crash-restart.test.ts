// Exactly once and the same answers across crashes of real workers: generated burst traffic
// (six portfolios, users repeating within bursts, phone-only statuses, identity changes,
// outbound requests and admin commands interleaved) streams into the input log while two
// `wa-identity run` processes share it; each is SIGKILLed once mid-stream and replaced. Every
// output topic, read back read_committed, equals `wa-identity normalize` over the same input
// log, record for record in order per key. The last workers stop on SIGTERM with exit code 0.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import { useKafka } from '../../helpers/kafka.js';
import { generateTraffic } from '../../helpers/traffic.js';
import { waitFor } from '../../helpers/wait-for.js';
import { PIPELINE_ENV } from '../../unit/pipeline/inputs.js';
import { count, normalizeReference, viewOf } from '../../unit/pipeline/reference.js';
import { startCli, type CliProcess } from './cli-process.js';
import { readOutputs, readTopic, send, settled, usePipelineDeployments } from './harness.js';

const kit = useKafka();
const deployment = usePipelineDeployments(kit);
const started: CliProcess[] = [];
afterEach(() => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

function worker(env: Record<string, string>): CliProcess {
  const p = startCli(['run'], env);
  started.push(p);
  return p;
}

describe('worker on Kafka: crash and restart', () => {
  it('gives normalize’s records on every topic when workers are SIGKILLed mid-stream', async () => {
    const traffic = generateTraffic({
      recordTime: Date.now(),
      seed: 11,
      records: 1500,
      portfolios: 6,
      usersPerPortfolio: 20,
    });
    const map = JSON.stringify(traffic.portfolioMap);
    const d = await deployment('pipe-crash', {
      WAI_PORTFOLIO_MAP: map,
      WAI_PARTITIONS: '4',
      WAI_SESSION_TIMEOUT_MS: '6000',
    });
    const { inputs } = traffic;
    const data = async () => (await readTopic(d, d.config.topics.dataStream)).length;

    const workers = [worker(d.env), worker(d.env)];
    let sent = 0;
    const stream = (async () => {
      for (; sent < inputs.length; sent += 25) {
        await send(kit, d, inputs.slice(sent, sent + 25));
        await sleep(100);
      }
    })();
    // One kill a third of the way in, one two thirds in, each once the worker has committed.
    for (const [i, share] of [1 / 3, 2 / 3].entries()) {
      let seen = 0;
      await waitFor(
        async () => sent >= inputs.length * share && (seen = await data()) > 0,
        () =>
          `${sent} sent, ${seen} events committed; log:\n${workers.flatMap((w) => w.log.slice(-5)).join('\n')}`,
        60_000,
        200,
      );
      const victim = workers[i] as CliProcess;
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
      workers[i] = worker(d.env);
    }
    const producing = sent < inputs.length;
    expect(producing).toBe(true);
    await stream;
    await settled(d, 90_000);
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect(await w.exited).toEqual({ code: 0, signal: null });

    const env = { ...PIPELINE_ENV, WAI_PORTFOLIO_MAP: map };
    const expected = viewOf(await normalizeReference(inputs, env), true);
    const actual = viewOf(await readOutputs(d), true);
    expect(actual).toEqual(expected);
    expect(count(actual, 'data-stream')).toBeGreaterThan(900);
    expect(count(actual, 'contact-book')).toBeGreaterThan(100);
  }, 240_000);
});
