// End-to-end throughput of one system with N processes: a deployment of its own gets the whole
// mix appended as a backlog, then the processes start and the verifier times from the first
// data-stream event visible to the last one expected (start-up and group join excluded).
// A run ends when every expected event is visible, or `runSeconds` after the first one (a slow
// peer is measured on the part of the backlog it got through: `complete` says which). The rate
// is taken over the events after the first SKIP of them (start-up, group join and a first
// transaction that makes many events visible at once would otherwise skew it), in the mix's
// input events per second (distinct data-stream events × the mix's events per expected
// event), the same unit for every system.
import { append, deploy } from './stack.mts';
import type { Mix } from './mix.ts';
import { steadyWindow } from './measures.ts';
import { startVerifier, type Verifier } from './verifier.mts';
import { crashed, removeTopics, startSystem, type Running, type SystemName } from './systems.mts';

/** Share of the events left out at the start of a run. */
const SKIP = 0.1;

export interface ThroughputResult {
  system: SystemName;
  workers: number;
  /** Events the rate is taken over, and the seconds between the first and last of them. */
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Data-stream records whose event id had been seen already (0 when exactly-once held). */
  duplicates: number;
  /** False when the run was capped at `runSeconds` before every event was visible. */
  complete: boolean;
}

/**
 * Waits for `count` distinct events, failing fast when a process of the system died; with
 * `capMs`, returns false when that long has passed since the first event became visible.
 */
export async function awaitEvents(
  verifier: Verifier,
  running: Running,
  count: number,
  timeoutMs: number,
  capMs = Infinity,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (verifier.distinct() < count) {
    const first = verifier.firstAt();
    if (first !== null && Date.now() - first > capMs) return false;
    const dead = crashed(running);
    if (dead !== null) throw new Error(`a process of the system under test ${dead}`);
    if (Date.now() > deadline)
      throw new Error(`${verifier.distinct()} of ${count} events visible after ${timeoutMs} ms`);
    await verifier.waitFor(Math.min(count, verifier.distinct() + 1), 1000).catch(() => undefined);
  }
  return true;
}

export interface ThroughputOptions {
  system: SystemName;
  workers: number;
  mix: Mix;
  /** Distinct data-stream events the system makes of the mix. */
  expected: number;
  partitions: number;
  timeoutMs: number;
  /** Cap of a run, from the first event visible. */
  runSeconds: number;
}

export async function measureThroughput(o: ThroughputOptions): Promise<ThroughputResult> {
  const d = await deploy(`bench-${o.system}-${o.workers}`, {
    WAI_PARTITIONS: String(o.partitions),
    WAI_PORTFOLIO_MAP: JSON.stringify(o.mix.portfolioMap),
  });
  try {
    await append(
      d,
      o.mix.lines.map((value) => ({ value, timestamp: 0 })),
      null,
    );
    const verifier = await startVerifier(d);
    const running = startSystem(o.system, d, o.workers);
    let complete: boolean;
    try {
      complete = await awaitEvents(verifier, running, o.expected, o.timeoutMs, o.runSeconds * 1000);
    } finally {
      await running.stop();
      await verifier.stop();
    }
    const steady = steadyWindow(verifier.visibleTimes(), SKIP);
    const seconds = steady.seconds;
    const events = Math.round((steady.events * o.mix.events) / o.expected);
    return {
      system: o.system,
      workers: o.workers,
      events,
      seconds,
      eventsPerSecond: Math.round(events / Math.max(seconds, 0.001)),
      duplicates: verifier.duplicates(),
      complete,
    };
  } finally {
    await removeTopics(d);
    await d.stop();
  }
}
