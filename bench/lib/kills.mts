// Recovery over N kills (the logic of bench/recovery.mts, repeated): three `wa-identity run`
// workers share the input log under a steady load well below capacity while the group's
// committed offsets are sampled every 200 ms. Each round SIGKILLs one worker (round robin) and
// measures, for every partition it owned, the time from the kill to that partition's next
// commit; the round's recovery is the slowest of them. The victim is then restarted under the
// same instance id and every partition must be committing again before the next round.
// A partition is the victim's when, after the kill, it paused committing for more than 3 s (the
// others pause for the rebalance only, well under a second on this stack); its recovery ends
// with the commit that ends that pause.
import { append, committed, deploy, sleep } from './stack.mts';
import { generateMix } from './mix.ts';
import { median, resumedAfter } from './measures.ts';
import type { BenchOptions } from './options.ts';
import { partitionOf, removeTopics, startSystem } from './systems.mts';

export interface KillRound {
  worker: number;
  partitions: number[];
  recoveryMs: number;
}

export interface KillsResult {
  workers: number;
  sessionMs: number;
  deliveriesPerSecond: number;
  kills: KillRound[];
  medianMs: number;
  maxMs: number;
}

const VICTIM_AFTER_MS = 3000;

export async function measureKills(o: BenchOptions): Promise<KillsResult> {
  const workers = 3;
  const roundMs = o.sessionMs + 15_000;
  // Enough deliveries for warm-up, every round and its rejoin, at the given rate.
  const seconds = 30 + (o.kills * (2 * roundMs + 10_000)) / 1000;
  const mix = generateMix({
    seed: 7,
    deliveries: Math.ceil(o.recoveryRate * seconds),
    users: o.users,
    numbers: o.numbers,
    portfolios: o.portfolios,
    partitions: o.partitions,
    partitionOf,
    tag: 'R',
  });
  const d = await deploy('bench-kills', {
    WAI_PARTITIONS: String(o.partitions),
    WAI_SESSION_TIMEOUT_MS: String(o.sessionMs),
    WAI_PORTFOLIO_MAP: JSON.stringify(mix.portfolioMap),
  });
  const running = startSystem('ours', d, workers);
  let done = false as boolean;
  const lines = mix.lines.map((value) => ({ value, timestamp: 0 }));
  const loading = append(d, lines, o.recoveryRate, () => done);
  const advances: number[][] = Array.from({ length: o.partitions }, () => []);
  const sampling = (async () => {
    let last: number[] = [];
    while (!done) {
      const now = Date.now();
      const offsets = await committed(d);
      offsets.forEach((at, p) => {
        const before = last[p];
        if (before !== undefined && at > before) advances[p]?.push(now);
      });
      last = offsets;
      await sleep(200);
    }
  })();
  const allCommittingSince = async (t: number, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (advances.some((a) => a.filter((x) => x > t).length < 3)) {
      if (Date.now() > deadline) throw new Error('recovery: partitions not committing again');
      await sleep(250);
    }
  };
  const kills: KillRound[] = [];
  try {
    await allCommittingSince(0, 120_000);
    for (let k = 0; k < o.kills; k++) {
      const worker = k % workers;
      const victim = running.procs[worker];
      const at = Date.now();
      victim?.child.kill('SIGKILL');
      await sleep(roundMs);
      // Per partition: the first commit after the kill that ends a pause longer than
      // VICTIM_AFTER_MS (a commit sampled just after the kill may be the victim's last one).
      const resumed = advances.map((a) => resumedAfter(a, at, Date.now(), VICTIM_AFTER_MS));
      const owned = resumed.flatMap((r, p) => (r === undefined ? [] : [p]));
      if (owned.some((p) => resumed[p] === null))
        throw new Error(
          `recovery: partitions ${owned.join(',')} did not commit within ${roundMs} ms of the kill`,
        );
      const recoveryMs = Math.max(0, ...owned.map((p) => (resumed[p] ?? at) - at));
      kills.push({ worker, partitions: owned, recoveryMs });
      console.log(
        `  kill ${k + 1}: w${worker} (partitions ${owned.join(',')}) committing again after ${recoveryMs} ms`,
      );
      await running.replace(worker);
      const rejoined = Date.now();
      await allCommittingSince(rejoined, roundMs + 60_000);
    }
  } finally {
    done = true;
    await loading;
    await sampling;
    await running.stop();
    await removeTopics(d);
    await d.stop();
  }
  const sorted = kills.map((k) => k.recoveryMs).sort((a, b) => a - b);
  return {
    workers,
    sessionMs: o.sessionMs,
    deliveriesPerSecond: o.recoveryRate,
    kills,
    medianMs: median(sorted),
    maxMs: sorted.at(-1) ?? NaN,
  };
}
