// End-to-end throughput of one system with N processes: a deployment of its own gets the whole
// mix appended as a backlog, then the processes start and the verifier times from the first
// data-stream event visible to the last one expected (start-up and group join excluded).
// Events are the mix's input events, the same unit for every system.
import { append, deploy } from './stack.mts';
import type { Mix } from './mix.mts';
import { startVerifier, type Verifier } from './verifier.mts';
import { crashed, removeTopics, startSystem, type Running, type SystemName } from './systems.mts';

export interface ThroughputResult {
  system: SystemName;
  workers: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Data-stream records whose event id had been seen already (0 when exactly-once held). */
  duplicates: number;
}

/** Waits for `count` distinct events, failing fast when a process of the system died. */
export async function awaitEvents(
  verifier: Verifier,
  running: Running,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (verifier.distinct() < count) {
    const dead = crashed(running);
    if (dead !== null) throw new Error(`a process of the system under test ${dead}`);
    if (Date.now() > deadline)
      throw new Error(`${verifier.distinct()} of ${count} events visible after ${timeoutMs} ms`);
    await verifier.waitFor(Math.min(count, verifier.distinct() + 1), 1000).catch(() => undefined);
  }
}

export interface ThroughputOptions {
  system: SystemName;
  workers: number;
  mix: Mix;
  /** Distinct data-stream events the system makes of the mix. */
  expected: number;
  partitions: number;
  timeoutMs: number;
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
    try {
      await awaitEvents(verifier, running, o.expected, o.timeoutMs);
    } finally {
      await running.stop();
      await verifier.stop();
    }
    const seconds = ((verifier.lastAt() ?? 0) - (verifier.firstAt() ?? 0)) / 1000;
    return {
      system: o.system,
      workers: o.workers,
      events: o.mix.events,
      seconds,
      eventsPerSecond: Math.round(o.mix.events / Math.max(seconds, 0.001)),
      duplicates: verifier.duplicates(),
    };
  } finally {
    await removeTopics(d);
    await d.stop();
  }
}
