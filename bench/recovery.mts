// Benchmark: recovery after a worker is SIGKILLed, and the cost of a worker (re)joining.
// N `wa-identity run` workers share the input log while a steady load (well under capacity)
// is appended; the group's committed offsets are sampled every 200 ms. Worker 0 is killed;
// for each partition we measure the time from the kill to its next commit (the victim's
// partitions wait for the session timeout, the rebalance, fencing and the restore), and the
// longest pause of the other partitions meanwhile. Then worker 0 is restarted with the same
// WAI_INSTANCE_ID, and the longest pause per partition around that join is measured too.
//   npm run build && node bench/recovery.mts [workers=3] [partitions=6] [rate=300] [sessionMs=10000]
import {
  append,
  committed,
  deploy,
  generateTraffic,
  sleep,
  startWorker,
  type Worker,
  writeResult,
} from './lib/stack.mts';

const workers = Number(process.argv[2] ?? 3);
const partitions = Number(process.argv[3] ?? 6);
const rate = Number(process.argv[4] ?? 300);
const sessionMs = Number(process.argv[5] ?? 10_000);
const WINDOW_MS = sessionMs + 15_000;

const traffic = generateTraffic({
  seed: 3,
  records: rate * 180,
  portfolios: 24,
  usersPerPortfolio: 200,
});
const d = await deploy('bench-recovery', {
  WAI_PARTITIONS: String(partitions),
  WAI_SESSION_TIMEOUT_MS: String(sessionMs),
  WAI_PORTFOLIO_MAP: JSON.stringify(traffic.portfolioMap),
});
const procs: Worker[] = Array.from({ length: workers }, (_, i) => startWorker(d, `w${i}`));
// Set by the run's end (below); read by the sampling loop.
let done = false as boolean;
const loading = append(
  d,
  traffic.inputs.map((i) => ({ value: i.value, timestamp: 0 })),
  rate,
  () => done,
);

// Sampling: when each partition's committed offset last moved.
const advances: number[][] = Array.from({ length: partitions }, () => []);
let last: number[] = [];
const sampling = (async () => {
  while (!done) {
    const now = Date.now();
    const offsets = await committed(d);
    offsets.forEach((o, p) => {
      if (last[p] !== undefined && o > last[p]) advances[p]?.push(now);
    });
    last = offsets;
    await sleep(200);
  }
})();

const say = (s: string) => console.log(s);
say(
  `recovery bench: ${workers} workers, ${partitions} partitions, ${rate} records/s, session ${sessionMs} ms`,
);
// Warm-up: every partition committing.
const warmDeadline = Date.now() + 120_000;
while (advances.some((a) => a.length < 3) && Date.now() < warmDeadline) await sleep(500);
if (advances.some((a) => a.length < 3))
  throw new Error(`warm-up failed: ${advances.map((a) => a.length).join(',')}`);
await sleep(5000);

function nextAfter(p: number, t: number): number | null {
  return advances[p]?.find((x) => x > t) ?? null;
}
function longestPause(p: number, from: number, to: number): number {
  const times = [from, ...(advances[p] ?? []).filter((x) => x > from && x < to), to];
  let longest = 0;
  for (let i = 1; i < times.length; i++)
    longest = Math.max(longest, (times[i] as number) - (times[i - 1] as number));
  return longest;
}

const killAt = Date.now();
procs[0]?.child.kill('SIGKILL');
say(`killed worker w0 at +0 ms`);
await sleep(WINDOW_MS);
const afterKill = Array.from({ length: partitions }, (_, p) => {
  const next = nextAfter(p, killAt);
  return {
    partition: p,
    firstCommitAfterMs: next === null ? null : next - killAt,
    longestPauseMs: longestPause(p, killAt, killAt + WINDOW_MS),
  };
});

const restartAt = Date.now();
procs[0] = startWorker(d, 'w0');
say(`restarted worker w0 (same instance id)`);
await sleep(WINDOW_MS);
const afterRestart = Array.from({ length: partitions }, (_, p) => ({
  partition: p,
  longestPauseMs: longestPause(p, restartAt, restartAt + WINDOW_MS),
}));

done = true;
const sent = await loading;
await sampling;
for (const w of procs) w.child.kill('SIGTERM');
await Promise.all(procs.map((w) => w.exited));
await d.stop();

const victims = afterKill.filter((r) => (r.firstCommitAfterMs ?? Infinity) > 3000);
const others = afterKill.filter((r) => !victims.includes(r));
const table = [
  [
    'partition',
    'kill: first commit after (ms)',
    'kill: longest pause (ms)',
    'restart: longest pause (ms)',
  ],
  ...afterKill.map((r, i) => [
    String(r.partition) + (victims.includes(r) ? ' (w0)' : ''),
    String(r.firstCommitAfterMs),
    String(r.longestPauseMs),
    String(afterRestart[i]?.longestPauseMs),
  ]),
];
for (const row of table) say(row.map((c, i) => c.padEnd(i === 0 ? 12 : 32)).join(''));
const worstVictim = Math.max(...victims.map((v) => v.firstCommitAfterMs ?? Infinity));
const worstOther = Math.max(0, ...others.map((o) => o.longestPauseMs));
say(
  `\nkilled worker's partitions committing again after ${worstVictim} ms (target: session ${sessionMs} + 5000 = ${sessionMs + 5000} ms)`,
);
say(`other partitions' longest pause during the failover: ${worstOther} ms`);
say(
  `longest pause of any partition when w0 rejoined: ${Math.max(...afterRestart.map((r) => r.longestPauseMs))} ms`,
);
say(`(${sent} records appended)`);

const file = writeResult('recovery', {
  workers,
  partitions,
  rate,
  sessionMs,
  afterKill,
  afterRestart,
  worstVictim,
  worstOther,
});
say(`written ${file}`);
