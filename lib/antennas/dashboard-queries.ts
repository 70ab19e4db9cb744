import type { RangeSeries } from "@/lib/dashboard/victoria-metrics";
import { bandwidthRole } from "./bundle-layout";

export const antennaWindows = ["24h", "7d", "90d"] as const;
export type AntennaWindow = (typeof antennaWindows)[number];

/** Window length and step: 144 to 180 points per line, whatever the window. */
export const windowSpans: Record<AntennaWindow, { seconds: number; stepSeconds: number }> = {
  "24h": { seconds: 86_400, stepSeconds: 600 },
  "7d": { seconds: 7 * 86_400, stepSeconds: 3_600 },
  "90d": { seconds: 90 * 86_400, stepSeconds: 43_200 },
};

export const antennaFigures = ["clients", "bandwidthIn", "bandwidthOut", "up", "signalMin", "signalAvg"] as const;
export type AntennaFigure = (typeof antennaFigures)[number];

/** Antenna ids as lib/ids makes them: nothing that could close the label matcher and widen a query. */
const antennaIdPattern = /^[A-Za-z0-9_-]{1,80}$/;

/** The label matchers of a query: every antenna of the tier (they all carry `antenna`), or just one. */
export function antennaMatcher(antennaId: string | null): string {
  if (antennaId === null) return 'antenna!=""';
  if (!antennaIdPattern.test(antennaId)) throw new Error("antenna id must be an opaque id");
  return `antenna="${antennaId}"`;
}

/**
 * One query per figure for ALL the antennas of a tier, grouped by antenna: the page costs the same six requests
 * per tier whether it holds one antenna or two hundred. Each point summarises its step: peak stations, mean
 * bit rates, whether the antenna reported at all, the weakest and the mean signal of the connected stations.
 */
export function buildAntennaQueries(antennaId: string | null, stepSeconds: number): Record<AntennaFigure, string> {
  const on = antennaMatcher(antennaId);
  const step = `${stepSeconds}s`;
  // The clients' traffic, on the access points only (the bundle tags them `role="clients"`): the uplink would count
  // it again, and its name varies. Seen from the access point, received is what the clients upload.
  const bits = (metric: string) => `sum by (antenna) (rate(${metric}{${on},role="${bandwidthRole}"}[${step}])) * 8`;
  return {
    clients: `sum by (antenna) (max_over_time(vigie_wifi_stations{${on}}[${step}]))`,
    /** The clients' uploads: bytes the access points received. */
    bandwidthIn: bits("net_bytes_recv"),
    /** The clients' downloads: bytes the access points sent. */
    bandwidthOut: bits("net_bytes_sent"),
    up: `max by (antenna) (present_over_time(system_uptime{${on}}[${step}]))`,
    signalMin: `min by (antenna) (min_over_time(vigie_wifi_station_signal_dbm{${on}}[${step}]))`,
    signalAvg: `avg by (antenna) (avg_over_time(vigie_wifi_station_signal_dbm{${on}}[${step}]))`,
  };
}

export type Point = { time: number; value: number };

/**
 * Points by antenna id, keeping only antennas the database lists: a series left by a deleted antenna, or
 * written under a forged id, never reaches the page. Non-finite points are dropped.
 */
export function pointsByAntenna(series: readonly RangeSeries[], knownIds: ReadonlySet<string>): Map<string, Point[]> {
  const byAntenna = new Map<string, Point[]>();
  for (const { labels, points } of series) {
    const id = labels.antenna;
    if (!id || !knownIds.has(id)) continue;
    byAntenna.set(id, [...(byAntenna.get(id) ?? []), ...points.filter((point) => Number.isFinite(point.value))]);
  }
  return byAntenna;
}

/** How the all-antennas line combines the antennas at one time: totals, the number reporting, min, mean. */
export const figureCombination: Record<AntennaFigure, "sum" | "min" | "avg"> = {
  clients: "sum",
  bandwidthIn: "sum",
  bandwidthOut: "sum",
  up: "sum",
  signalMin: "min",
  signalAvg: "avg",
};

/** The antennas' lines merged into one, time by time (the steps are aligned: same start and step). */
export function combineAntennas(lines: Iterable<readonly Point[]>, how: "sum" | "min" | "avg"): Point[] {
  const atTime = new Map<number, number[]>();
  for (const line of lines)
    for (const point of line) atTime.set(point.time, [...(atTime.get(point.time) ?? []), point.value]);
  return [...atTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, values]) => {
      const value =
        how === "min"
          ? Math.min(...values)
          : values.reduce((sum, v) => sum + v, 0) / (how === "avg" ? values.length : 1);
      return { time, value };
    });
}

/** One antenna over the window: what the table row shows (null when the antenna sent nothing for it). */
export type AntennaSummary = {
  clientsPeak: number | null;
  bandwidthInAvg: number | null;
  bandwidthOutAvg: number | null;
  /** Share of the window's steps in which the antenna reported (0 to 1). */
  uptime: number | null;
  signalMin: number | null;
  signalAvg: number | null;
};

const mean = (points: readonly Point[]) =>
  points.length === 0 ? null : points.reduce((sum, point) => sum + point.value, 0) / points.length;
const extreme = (points: readonly Point[], pick: (...values: number[]) => number) =>
  points.length === 0 ? null : pick(...points.map((point) => point.value));

export function summarizeAntenna(
  lines: Partial<Record<AntennaFigure, readonly Point[]>>,
  stepsInWindow: number,
): AntennaSummary {
  const up = lines.up ?? [];
  return {
    clientsPeak: extreme(lines.clients ?? [], Math.max),
    bandwidthInAvg: mean(lines.bandwidthIn ?? []),
    bandwidthOutAvg: mean(lines.bandwidthOut ?? []),
    uptime: up.length === 0 ? 0 : Math.min(1, up.length / stepsInWindow),
    signalMin: extreme(lines.signalMin ?? [], Math.min),
    signalAvg: mean(lines.signalAvg ?? []),
  };
}
