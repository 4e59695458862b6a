// One loop in a process of its own, so CPU time (every thread: librdkafka's too) and RSS are
// that client's alone. Argument: the LoopOptions as JSON; last stdout line: the LoopResult
// (before it, `committed <n>` lines if asked for).
import { Progress } from './contract.mts';
import type { LoopOptions, LoopResult } from './contract.mts';

const o = JSON.parse(process.argv[2] ?? '') as LoopOptions;
const loops = {
  kafkajs: () => import('./kafkajs-loop.mts'),
  platformatic: () => import('./platformatic-loop.mts'),
  confluent: () => import('./confluent-loop.mts'),
};
const { runLoop } = await loops[o.client]();

let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
const startedAt = performance.now();
let cpuAtFirst = process.cpuUsage();
const progress = new Progress(
  o.records,
  () => (cpuAtFirst = process.cpuUsage()),
  (n) => o.reportProgress === true && process.stdout.write(`committed ${n}\n`),
);
void progress.done.then(() => {
  const cpu = process.cpuUsage(cpuAtFirst);
  const first = progress.firstRecordAt ?? startedAt;
  const seconds = (progress.lastCommitAt - first) / 1000;
  const result: LoopResult = {
    client: o.client,
    records: progress.committed,
    transactions: progress.transactions,
    seconds,
    startupSeconds: (first - startedAt) / 1000,
    recordsPerSecond: progress.committed / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: Math.max(peakRss, process.memoryUsage.rss()) / 2 ** 20,
    stepMs: {
      begin: progress.stepTotals.begin / progress.transactions,
      send: progress.stepTotals.send / progress.transactions,
      offsets: progress.stepTotals.offsets / progress.transactions,
      commit: progress.stepTotals.commit / progress.transactions,
    },
  };
  clearInterval(sampler);
  // Printed before the clients close: closing is not part of the measurement.
  process.stdout.write(`${JSON.stringify(result)}\n`);
});
await runLoop(o, progress);
process.exit(0);
