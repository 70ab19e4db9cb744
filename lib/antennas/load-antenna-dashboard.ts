import { mergeSpanPoints, spanWindow, tierSpans } from "@/lib/dashboard/tier-history";
import { tierMetricsClient } from "@/lib/dashboard/tier-sources";
import { type MetricsClient, MetricsUnavailableError } from "@/lib/dashboard/victoria-metrics";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { AdminScope } from "@/lib/policy";
import { listTierMoves } from "@/lib/tiers/moves";
import { type DashboardAntenna, listDashboardAntennas, listTierReaders, type TierReader } from "./dashboard-data";
import {
  type AntennaFigure,
  type AntennaSummary,
  type AntennaWindow,
  antennaFigures,
  buildAntennaQueries,
  combineAntennas,
  figureCombination,
  type Point,
  pointsByAntenna,
  summarizeAntenna,
  windowSpans,
} from "./dashboard-queries";

export type AntennaRow = DashboardAntenna & { summary: AntennaSummary | null };
export type AntennaDashboard = {
  window: AntennaWindow;
  antennas: DashboardAntenna[];
  /** The antenna shown alone, or null for all of them. */
  selected: DashboardAntenna | null;
  /** Tiers whose instance did not answer: their antennas show no figures. */
  unavailableTiers: number;
  /**
   * The shown antennas' moves to another tier within the window, oldest first: their figures join both tiers'
   * series (each for its own time), and the page says so.
   */
  moves: { placeCode: string; movedAt: Date }[];
  /** One line per figure: the selected antenna's, or all antennas combined (totals, min, mean). */
  charts: Record<AntennaFigure, Point[]>;
  rows: AntennaRow[];
};

export type LoadAntennaDashboardOptions = {
  window: AntennaWindow;
  antennaId?: string | null;
  now?: Date;
  /** The query client of a tier; by default its read URL, with its read credential when it has one. */
  clientFor?: (reader: TierReader) => MetricsClient;
};

type FigureLines = Record<AntennaFigure, Map<string, Point[]>>;

/** A tier's query client: a dashboard of two hundred antennas asks more of it than a member's page does. */
export function tierClient(reader: TierReader): MetricsClient {
  return tierMetricsClient(reader.readUrl, reader.access, 10_000);
}

/**
 * The antennas' dashboard: six range queries per tier holding antennas (one per figure, grouped by antenna), so
 * two hundred antennas cost what one does. An antenna moved to another tier within the window is read in both,
 * each for its own time (lib/dashboard/tier-history.ts). A tier that does not answer leaves its antennas without
 * figures.
 */
export async function loadAntennaDashboard(
  db: Db,
  admin: AdminScope,
  options: LoadAntennaDashboardOptions,
): Promise<AntennaDashboard> {
  const all = await listDashboardAntennas(db, admin);
  const selected = all.find((antenna) => antenna.id === options.antennaId) ?? null;
  const shown = selected ? [selected] : all;
  const span = windowSpans[options.window];
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  // Aligned on the step, so every tier's points fall at the same times and combine; rounded up, so the last
  // step (which ends a little ahead) still covers the newest samples rather than up to a step before them.
  const end = Math.ceil(nowSeconds / span.stepSeconds) * span.stepSeconds;
  const range = {
    start: new Date((end - span.seconds) * 1000),
    end: new Date(end * 1000),
    stepSeconds: span.stepSeconds,
  };

  // Each antenna's tiers over the window: its history before a move stays in the tier it left.
  const moves = await listTierMoves(
    db,
    "antenna",
    new Date((end - span.seconds - span.stepSeconds) * 1000),
    shown.map((antenna) => antenna.id),
  );
  const spans = new Map(
    shown.map((antenna) => [
      antenna.id,
      tierSpans(
        antenna.tierId,
        moves.flatMap((move) =>
          move.subject === antenna.id && move.fromTierId ? [{ from: move.fromTierId, movedAt: move.movedAt }] : [],
        ),
      ).filter((tierSpan) => spanWindow(range, tierSpan) !== null),
    ]),
  );

  const tierIds = [...new Set([...spans.values()].flatMap((list) => list.map((tierSpan) => tierSpan.source)))];
  const readers = await listTierReaders(db, admin, tierIds);
  const clientFor = options.clientFor ?? tierClient;
  const queries = buildAntennaQueries(selected?.id ?? null, span.stepSeconds);
  /** Per tier, per figure, the points of each antenna that wrote there in the window. */
  const byTier = new Map<string, FigureLines>();
  const answered = new Set<string>();

  await Promise.all(
    readers.map(async (reader) => {
      const here = [...spans].flatMap(([id, list]) =>
        list.filter((tierSpan) => tierSpan.source === reader.tierId).map((tierSpan) => ({ id, tierSpan })),
      );
      const known = new Set(here.map(({ id }) => id));
      // One query per figure for the tier's part of the window: from its earliest span's start to its latest end.
      const parts = here.map(({ tierSpan }) => spanWindow(range, tierSpan)!);
      const part = {
        start: new Date(Math.min(...parts.map((one) => one.start.getTime()))),
        end: new Date(Math.max(...parts.map((one) => one.end.getTime()))),
        stepSeconds: span.stepSeconds,
      };
      const client = clientFor(reader);
      try {
        const results = await Promise.all(antennaFigures.map((figure) => client.queryRange(queries[figure], part)));
        byTier.set(
          reader.tierId,
          Object.fromEntries(
            antennaFigures.map((figure, index) => [figure, pointsByAntenna(results[index]!, known)]),
          ) as FigureLines,
        );
        answered.add(reader.tierId);
      } catch (error) {
        if (!(error instanceof MetricsUnavailableError)) throw error;
        // The message names the path and status only, never the credential.
        log.warn({ tier: reader.tierId, err: error.message }, "antenna dashboard: tier metrics unavailable");
      }
    }),
  );

  // An antenna whose tiers did not all answer shows no figures (the page says how many tiers did not answer):
  // half a window read as the whole would understate its clients and its uptime.
  const complete = [...spans].filter(([, list]) => list.every((tierSpan) => answered.has(tierSpan.source)));
  const completeIds = new Set(complete.map(([id]) => id));
  // Each antenna's line: every tier it wrote to for its own time, the later tier winning the step of a move.
  const lines = Object.fromEntries(
    antennaFigures.map((figure) => [
      figure,
      new Map(
        complete.map(([id, list]) => [
          id,
          mergeSpanPoints(
            list.map((tierSpan) => ({
              span: tierSpan,
              points: byTier.get(tierSpan.source)?.[figure].get(id) ?? [],
            })),
            span.stepSeconds,
          ),
        ]),
      ),
    ]),
  ) as FigureLines;

  const stepsInWindow = span.seconds / span.stepSeconds;
  const charts = Object.fromEntries(
    antennaFigures.map((figure) => [
      figure,
      selected
        ? (lines[figure].get(selected.id) ?? [])
        : combineAntennas(lines[figure].values(), figureCombination[figure]),
    ]),
  ) as Record<AntennaFigure, Point[]>;
  const rows = shown.map((antenna) => ({
    ...antenna,
    summary: completeIds.has(antenna.id)
      ? summarizeAntenna(
          Object.fromEntries(antennaFigures.map((figure) => [figure, lines[figure].get(antenna.id) ?? []])),
          stepsInWindow,
        )
      : null,
  }));
  return {
    window: options.window,
    antennas: all,
    selected,
    unavailableTiers: tierIds.length - answered.size,
    moves: moves.flatMap((move) => {
      const antenna = shown.find((one) => one.id === move.subject);
      return antenna && move.movedAt.getTime() > range.start.getTime()
        ? [{ placeCode: antenna.placeCode, movedAt: move.movedAt }]
        : [];
    }),
    charts,
    rows,
  };
}
