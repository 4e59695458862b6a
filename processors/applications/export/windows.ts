// Export windows: half-open [start, end) spans of record time, aligned to multiples of the
// period since the epoch (UTC), so every run cuts the same windows and names them alike.
import { WaiError } from '../../domain/errors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: Readonly<Record<string, number>> = { m: MINUTE, h: HOUR, d: DAY };

export interface Window {
  start: number;
  end: number;
}

/** `30m`, `1h`, `6h`, `1d`…: a positive whole number of minutes, hours or days. */
export function parsePeriod(flag: string, raw: string): number {
  const m = /^([1-9][0-9]*)([mhd])$/.exec(raw);
  const unit = m?.[2] === undefined ? undefined : UNITS[m[2]];
  if (m?.[1] === undefined || unit === undefined) {
    throw new WaiError('WAI_CONFIG', `${flag} ${raw}: expected <n>m, <n>h or <n>d (e.g. 1h, 1d)`, {
      field: flag,
    });
  }
  return Number(m[1]) * unit;
}

export function windowAt(time: number, period: number): Window {
  const start = Math.floor(time / period) * period;
  return { start, end: start + period };
}

/** The windows from the one holding `from` up to the last ending at or before `until`. */
export function windowsBetween(from: number, until: number, period: number): Window[] {
  const out: Window[] = [];
  for (let w = windowAt(from, period); w.end <= until; w = windowAt(w.end, period)) out.push(w);
  return out;
}

/**
 * The window's name: its start, as precise as the period needs (2026-12-03 for days,
 * 2026-12-03T10 for hours, 2026-12-03T10-15 for minutes); sortable, and safe in file names.
 */
export function windowLabel(window: Window, period: number): string {
  const iso = new Date(window.start).toISOString(); // 2026-12-03T10:15:00.000Z
  if (period % DAY === 0) return iso.slice(0, 10);
  if (period % HOUR === 0) return iso.slice(0, 13);
  return `${iso.slice(0, 13)}-${iso.slice(14, 16)}`;
}
