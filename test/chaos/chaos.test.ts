// The fault-injection suite. While generated burst traffic streams into the input log through
// three `wa-identity run` processes, workers are SIGKILLed (by the suite, and by themselves
// between sending a chunk's outputs and committing it: WAI_FAULT_KILL_BEFORE_COMMIT), one is
// SIGSTOPped past its session timeout and resumed (a zombie whose producers must be fenced),
// and the broker is restarted. Then a read_committed verifier checks: no event lost, none
// duplicated (by event id), each key's records in order and every topic equal to
// `wa-identity normalize` over the same input (the contact book included), and the group's
// committed offsets at the end of every input partition.
// Short by default (CI); `WAI_CHAOS=long` for the long run. Own local stack (the broker must
// be restartable); with external KAFKA_BROKERS the broker restart is skipped and said so.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startLocalStack, type LocalStack } from '../../processors/adapters/local-stack/index.js';
import { createKafka, createSink } from '../../processors/adapters/kafka/index.js';
import { createLogger } from '../../processors/adapters/logging/logger.js';
import { loadConfig } from '../../processors/applications/config.js';
import { inputRecords } from '../../processors/applications/input-log/append.js';
import { provision } from '../../processors/applications/provision/provision.js';
import { domainSettings } from '../../processors/applications/worker/index.js';
import { randomName } from '../helpers/kafka.js';
import { generateTraffic } from '../helpers/traffic.js';
import { waitFor } from '../helpers/wait-for.js';
import { PIPELINE_ENV } from '../unit/pipeline/inputs.js';
import { normalizeReference, viewOf, type DomainRecord } from '../unit/pipeline/reference.js';
import { startCli, type CliProcess } from '../integration/pipeline/cli-process.js';
import { readOutputs, settled, type PipelineDeployment } from '../integration/pipeline/harness.js';

const LONG = process.env['WAI_CHAOS'] === 'long';
const PLAN = LONG
  ? { records: 12_000, actions: 24, everyMs: 2500, seed: 7 }
  : { records: 1500, actions: 6, everyMs: 2000, seed: 5 };
const SESSION_MS = 6000;
const logger = createLogger({ level: 'silent' });
let stack: LocalStack | null = null;
afterAll(async () => {
  await stack?.stop();
});

interface Tally {
  kills: number;
  selfKillsBeforeCommit: number;
  zombies: number;
  brokerRestarts: number;
  brokerRestartSkipped: boolean;
}

function eventIds(records: readonly DomainRecord[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const r of records) {
    if (r.topic !== 'data-stream') continue;
    const id = (r.value as { eventId: string }).eventId;
    ids.set(id, (ids.get(id) ?? 0) + 1);
  }
  return ids;
}

describe(`fault injection (${LONG ? 'long' : 'short'})`, () => {
  it(
    'loses nothing, duplicates nothing and gives normalize’s answers through kills, a zombie and a broker restart',
    async () => {
      // Services the user named (not the integration tier's own stack): no broker to restart.
      const setUp = process.env['WAI_TEST_STACK'];
      const external =
        setUp === 'external' ||
        (setUp === undefined &&
          Boolean(process.env['KAFKA_BROKERS'] && process.env['SCHEMA_REGISTRY_URL']));
      if (!external) stack = await startLocalStack();
      const brokers = stack?.brokers.join(',') ?? process.env['KAFKA_BROKERS'] ?? '';
      const registryUrl = stack?.registryUrl ?? process.env['SCHEMA_REGISTRY_URL'] ?? '';
      const traffic = generateTraffic({
        recordTime: Date.now(),
        seed: PLAN.seed,
        records: PLAN.records,
        portfolios: 6,
        usersPerPortfolio: 25,
      });
      const env: Record<string, string> = {
        ...PIPELINE_ENV,
        KAFKA_BROKERS: brokers,
        SCHEMA_REGISTRY_URL: registryUrl,
        WAI_TOPIC_PREFIX: `${randomName('chaos')}.`,
        WAI_APP_ID: randomName('wai-chaos'),
        WAI_PORTFOLIO_MAP: JSON.stringify(traffic.portfolioMap),
        WAI_PARTITIONS: '6',
        WAI_SESSION_TIMEOUT_MS: String(SESSION_MS),
        WAI_SHUTDOWN_TIMEOUT_MS: '20000',
        LOG_LEVEL: 'info',
      };
      const config = loadConfig(env);
      await provision(config, logger);
      const client = createKafka({ ...config, kafka: { ...config.kafka, retries: 30 } }, logger);
      const d = {
        prefix: config.topicPrefix,
        env,
        config,
        client,
      } as unknown as PipelineDeployment;

      const tally: Tally = {
        kills: 0,
        selfKillsBeforeCommit: 0,
        zombies: 0,
        brokerRestarts: 0,
        brokerRestartSkipped: external,
      };
      const expectedExits = new Set<CliProcess>();
      const workers: CliProcess[] = [];
      let stopping = false;
      const start = (i: number): void => {
        const p = startCli(['run'], {
          ...env,
          WAI_INSTANCE_ID: `chaos-w${i}`,
          // Worker 0 also dies by itself once, between its first chunk's sends and commit
          // (armed again after a kill of ours, until it has happened).
          WAI_FAULT_KILL_BEFORE_COMMIT: i === 0 && tally.selfKillsBeforeCommit === 0 ? '1' : '0',
        });
        workers[i] = p;
        void p.exited.then(({ signal }) => {
          if (stopping || expectedExits.has(p)) return;
          if (signal === 'SIGKILL') tally.selfKillsBeforeCommit += 1;
          start(i); // a supervisor's restart
        });
      };
      for (let i = 0; i < 3; i++) start(i);

      // The feed: the whole input log, in chunks, while the faults happen. The producer is
      // idempotent with generous retries, so a broker restart delays it without duplicates.
      const sink = await createSink(client);
      const records = inputRecords(
        config.topics.input,
        traffic.inputs,
        domainSettings(config).routing,
      );
      let fed = 0;
      const feeding = (async () => {
        for (; fed < records.length; fed += 50) {
          await sink.send(records.slice(fed, fed + 50));
          await sleep(LONG ? 40 : 60);
        }
      })();

      const actions = Array.from({ length: PLAN.actions }, (_, i) =>
        i === Math.floor(PLAN.actions / 2) ? 'broker' : i % 3 === 1 ? 'zombie' : 'kill',
      );
      for (const [n, action] of actions.entries()) {
        await sleep(PLAN.everyMs);
        const i = n % 3;
        const victim = workers[i] as CliProcess;
        if (action === 'kill') {
          expectedExits.add(victim);
          victim.child.kill('SIGKILL');
          await victim.exited;
          tally.kills += 1;
          start(i);
        } else if (action === 'zombie') {
          victim.child.kill('SIGSTOP');
          await sleep(SESSION_MS + 3000);
          victim.child.kill('SIGCONT');
          tally.zombies += 1;
        } else if (stack !== null) {
          await stack.restartBroker();
          tally.brokerRestarts += 1;
        }
      }
      await feeding;
      await sink.close();
      // Committed offsets at the end of every input partition: nothing left behind.
      await settled(d, LONG ? 300_000 : 180_000);
      stopping = true;
      // A worker restarted moments ago may still be loading: stop each once it runs, so its
      // graceful stop (exit 0) is what is checked.
      await waitFor(
        () => workers.every((w) => w.log.some((l) => l.includes('"msg":"stage running"'))),
        () => 'a worker never reached RUNNING',
        60_000,
        200,
      );
      for (const w of workers) w.child.kill('SIGTERM');
      const exits = await Promise.all(workers.map((w) => w.exited));

      const actual = await readOutputs(d);
      const expected = await normalizeReference(traffic.inputs, {
        ...PIPELINE_ENV,
        WAI_PORTFOLIO_MAP: env['WAI_PORTFOLIO_MAP'] ?? '',
      });
      const want = eventIds(expected);
      const got = eventIds(actual);
      const lost = [...want.keys()].filter((id) => !got.has(id)).length;
      const duplicated = [...got].filter(([id, n]) => n > (want.get(id) ?? 0)).length;
      const summary = {
        mode: LONG ? 'long' : 'short',
        inputRecords: records.length,
        events: [...got.values()].reduce((a, b) => a + b, 0),
        ...tally,
        lost,
        duplicated,
      };
      process.stdout.write(`\n[chaos] ${JSON.stringify(summary)}\n`);
      const out = path.join(import.meta.dirname, '..', '..', '.run');
      mkdirSync(out, { recursive: true });
      writeFileSync(
        path.join(out, `chaos-${summary.mode}.json`),
        `${JSON.stringify(summary, null, 2)}\n`,
      );

      const unclean = workers.flatMap((w, i) =>
        exits[i]?.code === 0
          ? []
          : [`worker ${i} ${JSON.stringify(exits[i])}:\n${w.log.slice(-8).join('\n')}`],
      );
      expect(unclean).toEqual([]);
      expect(tally.kills).toBeGreaterThan(0);
      expect(tally.selfKillsBeforeCommit).toBe(1);
      expect(tally.zombies).toBeGreaterThan(0);
      if (!external) expect(tally.brokerRestarts).toBe(1);
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      // Every topic, each key's records in order, and the compacted contact book.
      expect(viewOf(actual, true)).toEqual(viewOf(expected, true));
    },
    LONG ? 30 * 60_000 : 10 * 60_000,
  );
});
