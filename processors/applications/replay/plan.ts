// What a replay will do, per input-log partition, before it does it (`--dry-run` prints this):
// in place, where the worker group's offsets move to and how many records it reprocesses;
// side by side, how many records are copied into the new deployment, of which how many only
// rebuild its contact book (record time before --from). Pure: the command gathers offsets.

export interface PartitionOffsetsAt {
  partition: number;
  /** The log start (retention may have removed older records). */
  low: bigint;
  /** The end when the plan was made: the replay reads up to it. */
  high: bigint;
  /** The first offset whose record time is at or after --from (high when none). */
  from: bigint;
  /** The worker group's committed offset (in place only; null: none). */
  committed: bigint | null;
}

export interface PlanRow {
  partition: number;
  cells: Record<string, string>;
}

export function inPlaceRows(partitions: readonly PartitionOffsetsAt[]): PlanRow[] {
  return partitions.map((p) => ({
    partition: p.partition,
    cells: {
      committed: p.committed === null ? '—' : String(p.committed),
      'reset to': String(p.from),
      'records to reprocess': String(p.high - p.from),
    },
  }));
}

export function sideBySideRows(partitions: readonly PartitionOffsetsAt[]): PlanRow[] {
  return partitions.map((p) => ({
    partition: p.partition,
    cells: {
      'log start': String(p.low),
      '--from at': String(p.from),
      end: String(p.high),
      'warm-up (≈)': String(p.from - p.low),
      'replayed (≈)': String(p.high - p.from),
    },
  }));
}

/** A fixed-width table, one line per partition, with a totals line for counted columns. */
export function formatPlan(rows: readonly PlanRow[]): string {
  const first = rows[0];
  if (first === undefined) return 'no partitions\n';
  const names = ['partition', ...Object.keys(first.cells)];
  const lines = rows.map((r) => [String(r.partition), ...Object.values(r.cells)]);
  const totals = names.map((name, i) => {
    if (i === 0) return 'total';
    if (!/records|warm-up|replayed/.test(name)) return '';
    return String(lines.reduce((sum, l) => sum + BigInt(l[i] ?? '0'), 0n));
  });
  const all = [names, ...lines, totals];
  const widths = names.map((_, i) => Math.max(...all.map((l) => (l[i] ?? '').length)));
  return all.map((l) => l.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ')).join('\n') + '\n';
}
