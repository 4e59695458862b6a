// Exactly once across a crash: a worker process is SIGKILLed while it processes a few thousand
// records (a transaction is usually open at that moment), a new one takes over, and a
// read_committed reader sees every output exactly once with the right per-key counts, and
// the compacted state topic ends with the right counters. The second worker is stopped with
// SIGTERM and exits 0 through STOPPING → STOPPED.
import { afterEach, describe, expect, it } from '@jest/globals';
import { randomName, useKafka } from '../../helpers/kafka.js';
import { waitFor } from '../../helpers/wait-for.js';
import {
  collect,
  countsByKey,
  createStageTopics,
  header,
  oneToN,
  readCommitted,
  testClient,
} from './harness.js';
import type { WorkerParams } from './worker.js';
import { startWorker } from './worker-process.js';
import type { WorkerProcess } from './worker-process.js';
import { present } from '../../helpers/present.js';

const kit = useKafka();
const RECORDS = 3000;
const KEYS = 20;
const started: WorkerProcess[] = [];

afterEach(() => {
  for (const w of started) if (w.child.exitCode === null) w.child.kill('SIGKILL');
});

describe('crash and restart', () => {
  it('loses and duplicates nothing when a worker is killed mid-stream', async () => {
    const topics = await createStageTopics(kit, 2);
    const appId = randomName('wai-runner');
    const params: WorkerParams = {
      stage: 'upper',
      groupId: randomName('g'),
      inputTopic: topics.input,
      dlqTopic: topics.dlq,
      outputTopic: topics.output,
      stateTopic: topics.state,
      maxRecordsPerTransaction: 100,
      recordsPerCall: 25,
      delayPerCallMs: 50,
      sessionTimeoutMs: 6000,
    };
    const env = {
      KAFKA_BROKERS: kit.endpoints.brokers.join(','),
      WAI_APP_ID: appId,
      LOG_LEVEL: 'warn',
    };
    const producer = await kit.producer();
    for (let from = 0; from < RECORDS; from += 500) {
      const messages = Array.from({ length: 500 }, (_, i) => ({
        key: `key-${(from + i) % KEYS}`,
        value: `v-${from + i}`,
      }));
      await producer.send({ topic: topics.input, messages });
    }
    const outputs = await collect(kit, topics.output);
    const written = await collect(kit, topics.output, { readUncommitted: true });

    const first = startWorker(params, env);
    started.push(first);
    // Kill while a transaction has sent outputs it has not committed yet.
    await waitFor(
      () => outputs.records.length >= 800 && written.records.length > outputs.records.length,
      () => `${outputs.records.length} committed, ${written.records.length} written`,
      60_000,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const atKill = outputs.records.length;
    expect(atKill).toBeLessThan(RECORDS);

    const second = startWorker({ ...params, delayPerCallMs: 0 }, env);
    started.push(second);
    await outputs.atLeast(RECORDS, 90_000);
    await waitFor(
      () => second.states.at(-1) === 'RUNNING',
      () => `second worker states ${second.states.join(' → ')}`,
    );
    second.child.kill('SIGTERM');
    const exit = await second.exited;
    expect({ exit, states: second.states.slice(-2) }).toEqual({
      exit: { code: 0, signal: null },
      states: ['STOPPING', 'STOPPED'],
    });

    const reader = testClient(kit, appId);
    const all = await readCommitted(reader, topics.output, [0, 1]);
    expect(all.length).toBe(RECORDS);
    // The killed worker's open transaction did write outputs; they were aborted, not seen.
    await written.atLeast(RECORDS + 1);
    const sources = new Set(all.map((r) => `${r.partition}/${header(r, 'source-offset')}`));
    expect(sources.size).toBe(RECORDS);
    const perKey = RECORDS / KEYS;
    const expected = new Map(Array.from({ length: KEYS }, (_, k) => [`key-${k}`, oneToN(perKey)]));
    expect(countsByKey(all)).toEqual(expected);
    const state = new Map<string, string>();
    for (const r of await readCommitted(reader, topics.state, [0, 1]))
      state.set(present(r.key).toString(), present(r.value).toString());
    expect(state).toEqual(new Map([...expected.keys()].map((k) => [k, String(perKey)])));
  }, 150_000);
});
