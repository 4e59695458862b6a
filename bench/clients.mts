// Benchmark: the Kafka clients behind our exactly-once guarantees (issue 11 item 3). The same
// consume-transform-produce loop (bench/clients/contract.mts) on kafkajs, @platformatic/kafka
// and @confluentinc/kafka-javascript, each in a process of its own, on one pre-filled input
// topic; a read_committed verifier checks every run (count, duplicates, committed offsets).
//   node bench/clients.mts [records=20000] [runs=3] [clients=kafkajs,platformatic,confluent] [maxBatch=500]
// Uses KAFKA_BROKERS (the shared broker); prints one table, writes
// bench/results/<date>-<commit>-clients.json.
import { execFileSync, execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENTS, groupIdOf } from './clients/contract.mts';
import type { ClientName, LoopOptions, LoopResult } from './clients/contract.mts';
import { FEATURES } from './clients/features.mts';
import { probeClients } from './clients/probes.mts';
import { createTopics, deleteTopics, prefill } from './clients/topics.mts';
import { verify } from './clients/verify.mts';
import type { Verdict } from './clients/verify.mts';

const ROOT = join(import.meta.dirname, '..');
const requested = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 3);
const clients = (process.argv[4] ?? CLIENTS.join(',')).split(',') as ClientName[];
const maxBatch = Number(process.argv[5] ?? 500);
const PARTITIONS = 6;
for (const c of clients)
  if (!CLIENTS.includes(c))
    throw new Error(`clients: unknown client "${c}" (${CLIENTS.join(', ')})`);
if (!(requested > 0 && runs > 0 && maxBatch > 0))
  throw new Error('records, runs and maxBatch must be positive numbers');
const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
if (brokers.length === 0) throw new Error('KAFKA_BROKERS: set it to the broker to measure on');

const bench = `bench-clients-${Date.now().toString(36)}`;
const input = `${bench}.input`;
const topics: string[] = [input];

interface Run {
  result: LoopResult | null;
  verdict: Verdict | null;
  error?: string;
}

function runChild(o: LoopOptions): LoopResult {
  const out = execFileSync(
    process.execPath,
    [join(import.meta.dirname, 'clients', 'loop-child.mts'), JSON.stringify(o)],
    { timeout: 120_000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const last = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as LoopResult;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

try {
  await createTopics(brokers, [input], PARTITIONS);
  const records = await prefill(brokers, input, requested, PARTITIONS);
  const all = new Map<ClientName, Run[]>(clients.map((c) => [c, []]));
  // Rounds interleave the clients, so noise from the shared machine spreads over all of them.
  for (let round = 0; round < runs; round++) {
    for (const client of clients) {
      const run = `${bench}-${client}-${round}`;
      const outputs: [string, string, string] = [`${run}.a`, `${run}.b`, `${run}.c`];
      topics.push(...outputs);
      await createTopics(brokers, outputs, PARTITIONS);
      const o: LoopOptions = {
        client,
        brokers,
        run,
        input,
        outputs,
        partitions: PARTITIONS,
        records,
        maxBatch,
      };
      const entry: Run = { result: null, verdict: null };
      try {
        entry.result = runChild(o);
        entry.verdict = await verify(brokers, run, input, outputs, records, groupIdOf(o));
      } catch (err) {
        entry.error = err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
      }
      all.get(client)?.push(entry);
      const r = entry.result;
      console.error(
        `${client} #${round + 1}: ` +
          (r === null
            ? `failed: ${entry.error ?? ''}`
            : `${Math.round(r.recordsPerSecond)} records/s, ${r.transactions} transactions, ` +
              `verified ${entry.verdict?.ok === true ? 'ok' : JSON.stringify(entry.verdict)}`),
      );
    }
  }
  const probes = await probeClients(brokers, bench, input, clients);

  const summary = clients.map((client) => {
    const done = (all.get(client) ?? []).flatMap((r) => (r.result === null ? [] : [r.result]));
    const verdicts = (all.get(client) ?? []).map((r) => r.verdict?.ok === true);
    return {
      client,
      runs: done.length,
      allVerified: verdicts.length === runs && verdicts.every(Boolean),
      recordsPerSecond: Math.round(median(done.map((r) => r.recordsPerSecond))),
      cpuSecondsPer10kRecords: +median(done.map((r) => (r.cpuSeconds / r.records) * 1e4)).toFixed(
        2,
      ),
      peakRssMiB: Math.round(median(done.map((r) => r.peakRssMiB))),
      startupSeconds: +median(done.map((r) => r.startupSeconds)).toFixed(2),
      recordsPerTransaction: Math.round(median(done.map((r) => r.records / r.transactions))),
      // Mean ms per transaction: begin / send / offsets / commit.
      stepMs: (['begin', 'send', 'offsets', 'commit'] as const)
        .map((k) => median(done.map((r) => r.stepMs[k])).toFixed(0))
        .join(' / '),
    };
  });
  console.table(summary);
  console.table(clients.map((c) => ({ client: c, ...probes[c] })));
  const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `${date}-${commit}-clients.json`);
  const detail = Object.fromEntries(all);
  writeFileSync(
    file,
    `${JSON.stringify({ records, runs, maxBatch, partitions: PARTITIONS, summary, probes, features: FEATURES, detail }, null, 2)}\n`,
  );
  console.log(`wrote ${file}`);
} finally {
  await deleteTopics(brokers, topics);
}
