// Scheduled exports (--every): one file per closed window, named by the window, in one
// directory. A window is closed once its end plus the grace period has passed (records are
// written a little after their record time). Windows whose file exists are skipped, so a
// re-run after a crash (or a cron job running this with --once) writes exactly the missing
// ones; each file appears whole or not at all. A record written after its window's file is
// reported on stderr and counted, never silently dropped: re-export that window by deleting
// its file and running again.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../../adapters/lifecycle/timeout.js';
import type { FileFormat } from '../../adapters/files/index.js';
import type { LateRecord, WindowExport } from './export-window.js';
import { exportWindow } from './export-window.js';
import type { Manifest } from './manifests.js';
import { previousManifest, readManifests, windowFile, writeManifest } from './manifests.js';
import type { Window } from './windows.js';
import { windowAt, windowLabel, windowsBetween } from './windows.js';

export interface Schedule {
  job: Omit<WindowExport, 'window' | 'path' | 'previous' | 'label' | 'beforeRename'>;
  dir: string;
  format: FileFormat;
  period: number;
  from: number;
  /** Stop after the window ending at or before it; null: run on. */
  to: number | null;
  graceMs: number;
  /** Export the closed windows, then stop (cron). */
  once: boolean;
  now: () => number;
  signal: AbortSignal;
  say: (line: string) => void;
}

export interface ScheduleResult {
  written: number;
  skipped: number;
  late: number;
}

function lateLine(topic: string, record: LateRecord, label: string, file: string): string {
  return (
    `export: late record for window ${label} (already written to ${file}): ${topic} ` +
    `partition ${record.partition} offset ${record.offset}, record time ` +
    `${new Date(record.timestamp).toISOString()}; delete ${file} and run again to re-export it`
  );
}

async function exportOne(s: Schedule, window: Window, manifests: Map<number, Manifest>) {
  const label = windowLabel(window, s.period);
  const file = windowFile(label, s.format);
  const prev = previousManifest(manifests, window.start);
  const written = (t: number): string | null => {
    const w = windowAt(t, s.period);
    return existsSync(join(s.dir, windowFile(windowLabel(w, s.period), s.format)))
      ? windowLabel(w, s.period)
      : null;
  };
  return exportWindow({
    ...s.job,
    window,
    label: `export ${label}`,
    path: join(s.dir, file),
    previous:
      prev === null
        ? undefined
        : {
            endOffsets: new Map(Object.entries(prev.endOffsets).map(([p, o]) => [Number(p), o])),
            writtenWindowOf: written,
            onLate: (record, l) => s.say(lateLine(s.job.topic, record, l, windowFile(l, s.format))),
          },
    beforeRename: async (result) => {
      const manifest: Manifest = {
        window,
        topic: s.job.topic,
        rows: result.rows,
        endOffsets: Object.fromEntries(result.endOffsets),
      };
      await writeManifest(s.dir, file, manifest);
      manifests.set(window.start, manifest);
    },
  });
}

export async function runSchedule(s: Schedule): Promise<ScheduleResult> {
  const result: ScheduleResult = { written: 0, skipped: 0, late: 0 };
  const manifests = readManifests(s.dir, s.format);
  for (;;) {
    const closedUntil = s.now() - s.graceMs;
    const until = s.to === null ? closedUntil : Math.min(s.to, closedUntil);
    for (const window of windowsBetween(s.from, until, s.period)) {
      if (s.signal.aborted) return result;
      const file = windowFile(windowLabel(window, s.period), s.format);
      if (existsSync(join(s.dir, file))) {
        result.skipped += 1;
        continue;
      }
      const done = await exportOne(s, window, manifests);
      result.written += 1;
      result.late += done.late;
    }
    const finished = s.to !== null && closedUntil >= s.to;
    if (s.once || finished || s.signal.aborted) return result;
    // Until the next window closes: the one holding the current time.
    const next = windowAt(closedUntil, s.period).end + s.graceMs;
    await sleep(Math.max(0, next - s.now()), s.signal);
  }
}
