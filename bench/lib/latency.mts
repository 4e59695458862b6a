// Latency from raw append to data-stream visibility, under steady load rather than from a
// backlog: one process of the system runs on a deployment of its own while fresh deliveries
// of the mix are appended at a fixed rate, a given percentage of the system's measured 1-process
// maximum, for a fixed time; every event first seen during a point counts for that point.
import { append, deploy, percentile, sleep } from './stack.mts';
import { generateMix } from './mix.ts';
import type { BenchOptions } from './options.ts';
import { startVerifier, type Verifier } from './verifier.mts';
import { awaitEvents } from './throughput.mts';
import { partitionOf, removeTopics, startSystem, type SystemName } from './systems.mts';

export interface LatencyPoint {
  percentOfMax: number;
  eventsPerSecond: number;
  deliveriesPerSecond: number;
  events: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

export interface LatencyResult {
  system: SystemName;
  maxEventsPerSecond: number;
  points: LatencyPoint[];
}

export interface LatencyOptions {
  system: SystemName;
  maxEventsPerSecond: number;
  options: BenchOptions;
}

const QUIET_MS = 2000;

async function quiet(verifier: Verifier, ms: number): Promise<void> {
  for (let last = -1; verifier.distinct() !== last; await sleep(ms)) last = verifier.distinct();
}

export async function measureLatency(l: LatencyOptions): Promise<LatencyResult> {
  const o = l.options;
  const mixOf = (seed: number, tag: string, deliveries: number, startSeconds: number) =>
    generateMix({
      seed,
      deliveries,
      users: o.users,
      numbers: o.numbers,
      portfolios: o.portfolios,
      partitions: o.partitions,
      partitionOf,
      tag,
      startSeconds,
    });
  const warm = mixOf(100, 'W', 200, Date.parse('2026-07-01T00:00:00Z') / 1000);
  const d = await deploy(`bench-latency-${l.system}`, {
    WAI_PARTITIONS: String(o.partitions),
    WAI_PORTFOLIO_MAP: JSON.stringify(warm.portfolioMap),
  });
  const points: LatencyPoint[] = [];
  try {
    const verifier = await startVerifier(d);
    const running = startSystem(l.system, d, 1);
    try {
      // Warm-up: the process has joined and made its first outputs before any point starts.
      let total = warm.events;
      await append(
        d,
        warm.lines.map((value) => ({ value, timestamp: 0 })),
        null,
      );
      await awaitEvents(verifier, running, total, o.timeoutSeconds * 1000);
      for (const [i, pct] of o.latencyPoints.entries()) {
        const eventsPerSecond = (l.maxEventsPerSecond * pct) / 100;
        const perDelivery = warm.events / warm.lines.length;
        const deliveriesPerSecond = Math.max(1, Math.round(eventsPerSecond / perDelivery));
        const start = Date.parse('2026-08-01T00:00:00Z') / 1000 + i * 10_000_000;
        const mix = mixOf(101 + i, `L${pct}x`, deliveriesPerSecond * o.latencySeconds, start);
        const since = Date.now();
        await append(
          d,
          mix.lines.map((value) => ({ value, timestamp: 0 })),
          deliveriesPerSecond,
        );
        total += mix.events;
        await awaitEvents(verifier, running, total, o.timeoutSeconds * 1000);
        // Ours may add events of its own (identity changes): the point ends when none arrives.
        await quiet(verifier, QUIET_MS);
        const lat = verifier.latenciesSince(since);
        points.push({
          percentOfMax: pct,
          eventsPerSecond: Math.round(eventsPerSecond),
          deliveriesPerSecond,
          events: lat.length,
          p50: percentile(lat, 50),
          p99: percentile(lat, 99),
          p999: percentile(lat, 99.9),
          max: lat.at(-1) ?? NaN,
        });
      }
    } finally {
      await running.stop();
      await verifier.stop();
    }
  } finally {
    await removeTopics(d);
    await d.stop();
  }
  return { system: l.system, maxEventsPerSecond: l.maxEventsPerSecond, points };
}
