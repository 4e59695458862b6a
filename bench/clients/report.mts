// The bench's summary: medians per client over the measured runs.
import type { ClientName, LoopResult, Step } from './contract.mts';
import type { Verdict } from './verify.mts';

export interface Run {
  result: LoopResult | null;
  verdict: Verdict | null;
  error?: string;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

const STEPS: readonly Step[] = ['begin', 'send', 'offsets', 'commit'];

export function summarize(client: ClientName, runs: readonly Run[]) {
  const done = runs.flatMap((r) => (r.result === null ? [] : [r.result]));
  const of = (f: (r: LoopResult) => number): number => median(done.map(f));
  return {
    client,
    runs: done.length,
    allVerified: runs.length > 0 && runs.every((r) => r.verdict?.ok === true),
    recordsPerSecond: Math.round(of((r) => r.recordsPerSecond)),
    cpuSecondsPer10kRecords: +of((r) => (r.cpuSeconds / r.records) * 1e4).toFixed(2),
    peakRssMiB: Math.round(of((r) => r.peakRssMiB)),
    startupSeconds: +of((r) => r.startupSeconds).toFixed(2),
    recordsPerTransaction: Math.round(of((r) => r.records / r.transactions)),
    // Mean ms per transaction: begin / send / offsets / commit.
    stepMs: STEPS.map((k) => of((r) => r.stepMs[k]).toFixed(0)).join(' / '),
  };
}

/** One line of the console for a run. */
export function describe(label: string, run: Run): string {
  const r = run.result;
  if (r === null) return `${label}: failed: ${run.error ?? ''}`;
  const v = run.verdict;
  return (
    `${label}: ${Math.round(r.recordsPerSecond)} records/s, ${r.transactions} transactions, ` +
    `verified ${v?.ok === true ? 'ok' : JSON.stringify(v)}`
  );
}
