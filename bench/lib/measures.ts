// The arithmetic of `npm run bench`'s measurements, pure so the unit tests check it:
// when a paused partition resumed after a kill, the median of the rounds, and the steady part
// of a run's visibility times.

/**
 * A partition's commit times (ascending) around a kill at `at`, seen at `now`:
 * undefined  it never paused longer than `pauseMs` after the kill (not the victim's);
 * null       it paused longer and has not committed since;
 * else       the time of the commit that ended its pause. The first commit sampled after the
 *            kill may be the victim's last one, so the pause is what counts, not that commit.
 */
export function resumedAfter(
  advances: readonly number[],
  at: number,
  now: number,
  pauseMs: number,
): number | null | undefined {
  let previous = at;
  for (const x of advances) {
    if (x <= at) continue;
    if (x - Math.max(previous, at) > pauseMs) return x;
    previous = x;
  }
  return now - Math.max(previous, at) > pauseMs ? null : undefined;
}

/** The median of ascending values (the mean of the middle two for an even count). */
export function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : Math.round(((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2);
}

/**
 * The steady part of a run: the events seen after the first `skipShare` of them, and the
 * seconds from the first of those to the last event (start-up, group join and a first
 * transaction that makes many events visible at once are left out).
 */
export function steadyWindow(
  visibleTimes: readonly number[],
  skipShare: number,
): { events: number; seconds: number } {
  if (visibleTimes.length < 2) return { events: 0, seconds: 0 };
  const skip = Math.min(visibleTimes.length - 2, Math.floor(visibleTimes.length * skipShare));
  const from = visibleTimes[skip] as number;
  const to = visibleTimes[visibleTimes.length - 1] as number;
  return { events: visibleTimes.length - 1 - skip, seconds: (to - from) / 1000 };
}
