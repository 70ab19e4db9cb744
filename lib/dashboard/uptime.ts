import { daySeconds } from "./timeline";

/** Successful and total probes of a stretch of time, summed over all of a target's series. */
export type ProbeCounts = { up: number; all: number };

/** Whole days of each window; each window ends now. */
export const uptimeWindowDays = { "24h": 1, "7d": 7, "30d": 30 } as const;

/**
 * Where a window ending `nowMs` cuts into its oldest UTC day: the instant (that day's end, in ms) at which the
 * window's part of it is read, and how long that part is. Every window of whole days cuts at the same time of day,
 * so the length is the same for all.
 */
export function windowEdge(nowMs: number, days: number): { atMs: number; lengthMs: number } {
  const startMs = nowMs - days * daySeconds * 1000;
  const atMs = (Math.floor(startMs / (daySeconds * 1000)) + 1) * daySeconds * 1000;
  return { atMs, lengthMs: atMs - startMs };
}

/**
 * A window's share of successful probes: its cut oldest day (read on its own) plus every UTC day after it, from the
 * daily counts. Samples-weighted, so exact whatever the series; null when nothing was probed.
 */
export function uptimeFromCounts(
  daily: ReadonlyMap<number, ProbeCounts>,
  edge: ProbeCounts | undefined,
  edgeEndSeconds: number,
): number | null {
  let up = edge?.up ?? 0;
  let all = edge?.all ?? 0;
  for (const [dayStart, counts] of daily) {
    if (dayStart < edgeEndSeconds) continue;
    up += counts.up;
    all += counts.all;
  }
  return all > 0 ? up / all : null;
}
