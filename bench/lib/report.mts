// The one table `npm run bench` prints, and the peer ratios it adds to the results file.
// Ratios are ours ÷ peer for rates (above 1: we are faster) and peer ÷ ours for latencies
// (above 1: we are quicker), each from numbers measured in the same run.
import type { BenchResults } from './phases.mts';
import type { SystemName } from './systems.mts';

export interface Ratios {
  /** Per peer, per process count: our events/s ÷ the peer's. */
  throughput: Record<string, Record<string, number>>;
  /** Per peer, per percent of max: the peer's p99 ÷ ours. */
  latencyP99: Record<string, Record<string, number>>;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function row(cells: readonly (string | number | null)[], widths: readonly number[]): string {
  return cells.map((c, i) => String(c ?? '—').padEnd(widths[i] ?? 12)).join(' ');
}

export function ratios(r: BenchResults): Ratios {
  const out: Ratios = { throughput: {}, latencyP99: {} };
  const ours = (w: number) => r.throughput.find((t) => t.system === 'ours' && t.workers === w);
  for (const t of r.throughput) {
    const mine = ours(t.workers);
    if (t.system === 'ours' || mine === undefined) continue;
    (out.throughput[t.system] ??= {})[String(t.workers)] = round(
      mine.eventsPerSecond / t.eventsPerSecond,
    );
  }
  const oursLatency = r.latency.find((l) => l.system === 'ours');
  for (const l of r.latency) {
    if (l.system === 'ours' || oursLatency === undefined) continue;
    for (const p of l.points) {
      const mine = oursLatency.points.find((q) => q.percentOfMax === p.percentOfMax);
      if (mine !== undefined)
        (out.latencyP99[l.system] ??= {})[String(p.percentOfMax)] = round(
          p.p99 / Math.max(1, mine.p99),
        );
    }
  }
  return out;
}

export function printReport(r: BenchResults): Ratios {
  const q = ratios(r);
  const lines: string[] = [];
  const workers = [...new Set(r.throughput.map((t) => t.workers))].sort();
  const systems = [...new Set(r.throughput.map((t) => t.system))] as SystemName[];
  const w1 = [10, ...workers.map(() => 16), 24];
  if (systems.length > 0) {
    lines.push('', '== end to end: input events/s, backlog → data stream visible (read_committed)');
    lines.push(row(['system', ...workers.map((w) => `${w} process(es)`), 'ours ÷ peer'], w1));
  }
  for (const s of systems) {
    const cells = workers.map((w) => {
      const t = r.throughput.find((x) => x.system === s && x.workers === w);
      return t === undefined
        ? null
        : `${t.eventsPerSecond}${t.duplicates > 0 ? ` (${t.duplicates} dup)` : ''}`;
    });
    const rq = q.throughput[s];
    const ratio = rq === undefined ? '' : workers.map((w) => rq[String(w)] ?? '—').join(' / ');
    lines.push(row([s, ...cells, ratio], w1));
  }
  if (r.throughput.some((t) => !t.complete))
    lines.push('* capped: measured over the part of the backlog processed in --run-s seconds');
  if (r.latency.length > 0) {
    lines.push('', '== latency, raw append → data stream visible (ms), 1 process, steady rate');
    const w2 = [10, 10, 12, 8, 8, 8, 8, 16];
    lines.push(
      row(['system', '% of max', 'events/s', 'p50', 'p99', 'p99.9', 'max', 'p99 peer ÷ ours'], w2),
    );
    for (const l of r.latency)
      for (const p of l.points)
        lines.push(
          row(
            [
              l.system,
              p.percentOfMax,
              p.eventsPerSecond,
              p.p50,
              p.p99,
              p.p999,
              p.max,
              q.latencyP99[l.system]?.[String(p.percentOfMax)] ?? '',
            ],
            w2,
          ),
        );
  }
  const c = r.cpuPath;
  lines.push(
    '',
    `== CPU path, in-process (decode, split, resolve, Avro-encode every output): ${c.eventsPerSecondPerCore} events/s/core; ` +
      `${round(c.microsPerDelivery, 1)} µs per delivery = ${round(c.ratioToJsonParse, 1)}× JSON.parse of it (${round(c.jsonParseMicrosPerDelivery, 2)} µs)`,
  );
  if (r.recovery !== null) {
    const k = r.recovery;
    lines.push(
      `== recovery, SIGKILL → its partitions committing again: median ${k.medianMs} ms, max ${k.maxMs} ms over ${k.kills.length} kill(s) ` +
        `(${k.workers} workers, session ${k.sessionMs} ms, ${k.deliveriesPerSecond} deliveries/s)`,
    );
  }
  for (const s of r.restore)
    lines.push(
      s.failure === null
        ? `== contact-book restore, ${s.contacts} contacts of one portfolio: ${s.restoreMs} ms, RSS ${s.rssMiB} MiB (peak ${s.peakRssMiB} MiB)`
        : `== contact-book restore, ${s.contacts} contacts of one portfolio: FAILED, ${s.failure}`,
    );
  console.log(lines.join('\n'));
  return q;
}
