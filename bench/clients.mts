// Benchmark: the Kafka clients behind our exactly-once guarantees (issue 11 item 3). The same
// consume-transform-produce loop (bench/clients/contract.mts) on kafkajs, @platformatic/kafka
// and @confluentinc/kafka-javascript, each in a process of its own, on one pre-filled input
// topic; a read_committed verifier checks every run (count, duplicates, committed offsets);
// then, per client, a loop SIGKILLed a third of the way and resumed must still give every
// output exactly once; last, probes of cooperative rebalancing, static membership and KIP-848.
//   KAFKA_BROKERS=… node bench/clients.mts [records=20000] [runs=3] [clients=…] [maxBatch=1000] [kill=1] [keep=0]
// Prints the tables, writes bench/results/<date>-<commit>-clients.json.
// The product's fix to kafkajs's idle request queue (else Node 24 warns of negative timeouts).
import '../processors/adapters/kafka/kafkajs-fixes.ts';
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupIdOf } from './clients/contract.mts';
import type { ClientName, LoopOptions, LoopResult } from './clients/contract.mts';
import { FEATURES } from './clients/features.mts';
import { killAndResume } from './clients/kill.mts';
import type { KilledRun } from './clients/kill.mts';
import { parseOptions } from './clients/options.mts';
import { probeClients } from './clients/probes.mts';
import { describe, summarize } from './clients/report.mts';
import type { Run } from './clients/report.mts';
import { createTopics, deleteTopics, prefill } from './clients/topics.mts';
import { verify } from './clients/verify.mts';
import type { Verdict } from './clients/verify.mts';

const ROOT = join(import.meta.dirname, '..');
const PARTITIONS = 6;
const opts = parseOptions(process.argv.slice(2), process.env);
const { brokers, clients, runs, maxBatch } = opts;
const bench = `bench-clients-${Date.now().toString(36)}`;
const input = `${bench}.input`;
const topics: string[] = [input];

function runChild(o: LoopOptions): LoopResult {
  const out = execFileSync(
    process.execPath,
    [join(import.meta.dirname, 'clients', 'loop-child.mts'), JSON.stringify(o)],
    { timeout: 120_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as LoopResult;
}

/** A fresh run of `client` over the whole input: its own group, ids and output topics. */
async function freshRun(client: ClientName, label: string, records: number): Promise<LoopOptions> {
  const run = `${bench}-${client}-${label}`;
  const outputs: [string, string, string] = [`${run}.a`, `${run}.b`, `${run}.c`];
  topics.push(...outputs);
  await createTopics(brokers, outputs, PARTITIONS);
  return { client, brokers, run, input, outputs, partitions: PARTITIONS, records, maxBatch };
}

const errorLine = (err: unknown): string =>
  err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);

try {
  await createTopics(brokers, [input], PARTITIONS);
  const records = await prefill(brokers, input, opts.records, PARTITIONS);
  const all = new Map<ClientName, Run[]>(clients.map((c) => [c, []]));
  // Rounds interleave the clients, so noise from the shared machine spreads over all of them.
  for (let round = 0; round < runs; round++) {
    for (const client of clients) {
      const entry: Run = { result: null, verdict: null };
      try {
        const o = await freshRun(client, String(round), records);
        entry.result = runChild(o);
        entry.verdict = await verify(brokers, o.run, input, o.outputs, records, groupIdOf(o));
      } catch (err) {
        entry.error = errorLine(err);
      }
      all.get(client)?.push(entry);
      console.error(describe(`${client} #${round + 1}`, entry));
    }
  }

  // The kill check: every client; again with static membership where the client offers it.
  const kills: { client: ClientName; stat: boolean }[] = (opts.kill ? clients : []).flatMap(
    (client) => (client === 'kafkajs' ? [false] : [false, true]).map((stat) => ({ client, stat })),
  );
  const killed: Record<string, (KilledRun & { verdict: Verdict }) | string> = {};
  for (const { client, stat } of kills) {
    const label = stat ? `${client}+static` : client;
    try {
      const o = {
        ...(await freshRun(client, stat ? 'kill-static' : 'kill', records)),
        staticMembership: stat,
      };
      const k = await killAndResume(o);
      const verdict = await verify(brokers, o.run, input, o.outputs, records, groupIdOf(o));
      killed[label] = { ...k, verdict };
      console.error(
        `${label} killed after ${k.committedBeforeKill} records, first record again ` +
          `${k.recoverySeconds.toFixed(1)} s after the kill: ${JSON.stringify(verdict)}`,
      );
    } catch (err) {
      killed[label] = `failed: ${errorLine(err)}`;
      console.error(`${label} kill run failed: ${errorLine(err)}`);
    }
  }
  const probes = await probeClients(brokers, bench, input, clients);

  if (runs > 0) console.table(clients.map((c) => summarize(c, all.get(c) ?? [])));
  console.table(
    Object.entries(killed).map(([label, k]) => {
      if (typeof k === 'string') return { run: label, crash: k };
      const v = k.verdict;
      return {
        run: label,
        crash: v.ok ? `exactly once (${v.reader})` : JSON.stringify(v),
        recoverySeconds: +k.recoverySeconds.toFixed(1),
        kafkajsReaderSaw: v.kafkajsReader.counts.join('/'),
      };
    }),
  );
  console.table(clients.map((c) => ({ client: c, ...probes[c] })));
  const summary = clients.map((c) => summarize(c, all.get(c) ?? []));
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `${date}-${commit}-clients.json`);
  const body = { options: { ...opts, records }, partitions: PARTITIONS, summary, killed, probes };
  const detail = { features: FEATURES, runs: Object.fromEntries(all) };
  writeFileSync(file, `${JSON.stringify({ ...body, ...detail }, null, 2)}\n`);
  console.log(`wrote ${file}`);
} finally {
  if (opts.keep) console.error(`kept topics ${bench}.*`);
  else await deleteTopics(brokers, topics);
}
