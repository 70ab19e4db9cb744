import type { MetricsClient, RangeSeries, RangeWindow } from "./victoria-metrics";

/**
 * Reading a subject's series (a target kind's, an antenna's) across its moves between tiers. After a move its new
 * series go to the new tier while its history stays in the old one, so a chart reaching before the move reads each
 * tier for the time the subject wrote there, and the pieces are put back together here. Pure: the callers pick the
 * sources (query clients, tier ids) and the moves (lib/tiers/moves.ts).
 */

export type Point = { time: number; value: number };

/**
 * Where a subject wrote, from `fromSeconds` (null: since before any window) until `toSeconds` (null: still now).
 * Spans are listed oldest first and follow each other.
 */
export type TierSpan<Source> = { source: Source; fromSeconds: number | null; toSeconds: number | null };

/** A move as the spans need it: the source left, at that time (the source it went to starts the next span). */
export type SourceMove<Source> = { from: Source; movedAt: Date };

/**
 * The spans of a subject now at `current`, from its moves (any order). Each span's source is the one the next
 * move left, as recorded then, so a span is right even when moves are missing in between (pruned, or a tier
 * deleted with its moves): the unknown gap is then read from the tier the subject was known to leave.
 */
export function tierSpans<Source>(current: Source, moves: readonly SourceMove<Source>[]): TierSpan<Source>[] {
  const sorted = [...moves].sort((a, b) => a.movedAt.getTime() - b.movedAt.getTime());
  const spans: TierSpan<Source>[] = [];
  let fromSeconds: number | null = null;
  for (const move of sorted) {
    const at = move.movedAt.getTime() / 1000;
    spans.push({ source: move.from, fromSeconds, toSeconds: at });
    fromSeconds = at;
  }
  spans.push({ source: current, fromSeconds, toSeconds: null });
  return spans;
}

/**
 * Whether a range point belongs to a span. A point at `time` sums up the step before it, (time - step, time], so
 * it is the span's when that interval meets [from, to): the point whose step holds the move is read on both sides,
 * and the later span's wins (mergeSpanPoints).
 */
export function pointInSpan(time: number, span: TierSpan<unknown>, stepSeconds: number): boolean {
  return (
    (span.fromSeconds === null || time > span.fromSeconds) &&
    (span.toSeconds === null || time - stepSeconds < span.toSeconds)
  );
}

/**
 * The part of a range query's window a span answers for, on the window's own grid (start + k·step), so its points
 * fall at the same times as the other spans'; null when the span has no point in the window.
 */
export function spanWindow(window: RangeWindow, span: TierSpan<unknown>): RangeWindow | null {
  const step = window.stepSeconds;
  const start = window.start.getTime() / 1000;
  const last = Math.floor((window.end.getTime() / 1000 - start) / step);
  // First grid point after `from`; last grid point whose step begins before `to`.
  const first = span.fromSeconds === null ? 0 : Math.max(0, Math.floor((span.fromSeconds - start) / step) + 1);
  const final = span.toSeconds === null ? last : Math.min(last, Math.ceil((span.toSeconds - start) / step));
  if (first > final) return null;
  return {
    start: new Date((start + first * step) * 1000),
    end: new Date((start + final * step) * 1000),
    stepSeconds: step,
  };
}

/** One line from the spans' lines (oldest span first): each keeps its own points; a later span wins a shared time. */
export function mergeSpanPoints(
  parts: readonly { span: TierSpan<unknown>; points: readonly Point[] }[],
  stepSeconds: number,
): Point[] {
  const byTime = new Map<number, number>();
  for (const { span, points } of parts)
    for (const point of points) if (pointInSpan(point.time, span, stepSeconds)) byTime.set(point.time, point.value);
  return [...byTime.entries()].sort(([a], [b]) => a - b).map(([time, value]) => ({ time, value }));
}

/** The same labels in any order are the same series. */
const seriesKey = (labels: Record<string, string>) =>
  JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Range series from the spans' answers, series by series (same labels), as mergeSpanPoints merges one line. */
export function mergeSpanSeries(
  parts: readonly { span: TierSpan<unknown>; series: readonly RangeSeries[] }[],
  stepSeconds: number,
): RangeSeries[] {
  const lines = new Map<
    string,
    { labels: Record<string, string>; parts: { span: TierSpan<unknown>; points: Point[] }[] }
  >();
  for (const { span, series } of parts)
    for (const { labels, points } of series) {
      const key = seriesKey(labels);
      const line = lines.get(key) ?? { labels, parts: [] };
      line.parts.push({ span, points });
      lines.set(key, line);
    }
  return [...lines.values()].map((line) => ({ labels: line.labels, points: mergeSpanPoints(line.parts, stepSeconds) }));
}

/**
 * A query client over a subject's spans, for a caller that reads one client per subject (the member dashboard,
 * per target kind). Range queries read each span's source for its part of the window and merge; an instant query
 * reads the current source alone, so a figure over a window reaching before the move covers the time since the
 * move only (the page says so). A span that does not answer fails the query, as one source would.
 */
export function historyClient(spans: readonly TierSpan<MetricsClient>[]): MetricsClient {
  const current = spans.at(-1);
  if (!current) throw new Error("a history needs at least its current span");
  if (spans.length === 1) return current.source;
  return {
    queryInstant: (query, time) => current.source.queryInstant(query, time),
    async queryRange(query, window) {
      const asked = spans.flatMap((span) => {
        const part = spanWindow(window, span);
        return part ? [{ span, part }] : [];
      });
      const answers = await Promise.all(
        asked.map(async ({ span, part }) => ({ span, series: await span.source.queryRange(query, part) })),
      );
      return mergeSpanSeries(answers, window.stepSeconds);
    },
  };
}
