/** Up/down timelines of a target, built from the sparse and daily series the dashboard's queries return. */

export type TimelineState = "up" | "down" | "none";
/** A stretch of steps in one state; times in seconds since the epoch, `start` exclusive, `end` inclusive. */
export type TimelineRun = { start: number; end: number; state: TimelineState };
/** One day (UTC, starting at `start`): the share of successful probes, null when nothing was probed. */
export type DayBar = { start: number; share: number | null };

export const daySeconds = 86_400;

/** Steps of `stepSeconds` aligned on multiples of the step, so every VictoriaMetrics answers at the same instants. */
export function alignedWindow(nowSeconds: number, spanSeconds: number, stepSeconds: number) {
  const end = Math.floor(nowSeconds / stepSeconds) * stepSeconds;
  return { start: end - Math.ceil(spanSeconds / stepSeconds) * stepSeconds, end, step: stepSeconds };
}

/** The timeline's step: the probe interval, at least a minute (a day stays ≤ 1,440 steps), at most an hour. */
export function recentStepSeconds(probeIntervalSeconds: number | undefined): number {
  if (probeIntervalSeconds === undefined || !Number.isFinite(probeIntervalSeconds)) return 60;
  return Math.min(3_600, Math.max(60, Math.ceil(probeIntervalSeconds / 60) * 60));
}

/**
 * Runs over the window from the marks of one target (time → 0 for a failed step, -1 for a gap): unmarked steps
 * after the first probe were up, those before it had no data yet. Each step covers (time - step, time].
 */
export function buildRecentRuns(
  window: { start: number; end: number; step: number },
  marks: ReadonlyMap<number, number>,
  firstProbe: number | undefined,
): TimelineRun[] {
  const runs: TimelineRun[] = [];
  for (let time = window.start + window.step; time <= window.end; time += window.step) {
    const mark = marks.get(time);
    let state: TimelineState;
    if (mark === 0) state = "down";
    else if (mark !== undefined || firstProbe === undefined || time < firstProbe) state = "none";
    else state = "up";
    const last = runs.at(-1);
    if (last && last.state === state) last.end = time;
    else runs.push({ start: time - window.step, end: time, state });
  }
  return runs;
}

/**
 * When the current state began, from the day's runs: the start of the last run when it is in that state (null when
 * the whole day was: "for more than 24 hours"), or the end of the day's runs when the state changed after them.
 */
export function stateSince(runs: readonly TimelineRun[], current: "up" | "down"): number | null {
  const last = runs.at(-1);
  if (!last) return null;
  if (last.state !== current) return last.end;
  return runs.length === 1 ? null : last.start;
}

/** `days` bars ending with today (UTC), from the daily series (each point closes the day before its time). */
export function buildDayBars(
  points: readonly { time: number; value: number }[],
  nowSeconds: number,
  days: number,
): DayBar[] {
  const shares = new Map(points.map((point) => [point.time - daySeconds, point.value]));
  const today = Math.floor(nowSeconds / daySeconds) * daySeconds;
  return Array.from({ length: days }, (_, index) => {
    const start = today - (days - 1 - index) * daySeconds;
    const share = shares.get(start);
    return { start, share: share === undefined || !Number.isFinite(share) ? null : share };
  });
}
