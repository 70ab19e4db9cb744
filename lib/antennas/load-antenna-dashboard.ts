import { tierMetricsClient } from "@/lib/dashboard/tier-sources";
import { type MetricsClient, MetricsUnavailableError } from "@/lib/dashboard/victoria-metrics";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { AdminScope } from "@/lib/policy";
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
 * two hundred antennas cost what one does. A tier that does not answer leaves its antennas without figures.
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

  const tierIds = [...new Set(shown.map((antenna) => antenna.tierId))];
  const readers = await listTierReaders(db, admin, tierIds);
  const clientFor = options.clientFor ?? tierClient;
  const queries = buildAntennaQueries(selected?.id ?? null, span.stepSeconds);
  const lines = Object.fromEntries(antennaFigures.map((figure) => [figure, new Map()])) as FigureLines;
  const answered = new Set<string>();

  await Promise.all(
    readers.map(async (reader) => {
      const known = new Set(shown.filter((antenna) => antenna.tierId === reader.tierId).map((antenna) => antenna.id));
      const client = clientFor(reader);
      try {
        const results = await Promise.all(antennaFigures.map((figure) => client.queryRange(queries[figure], range)));
        antennaFigures.forEach((figure, index) => {
          for (const [id, points] of pointsByAntenna(results[index]!, known)) lines[figure].set(id, points);
        });
        answered.add(reader.tierId);
      } catch (error) {
        if (!(error instanceof MetricsUnavailableError)) throw error;
        // The message names the path and status only, never the credential.
        log.warn({ tier: reader.tierId, err: error.message }, "antenna dashboard: tier metrics unavailable");
      }
    }),
  );

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
    summary: answered.has(antenna.tierId)
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
    charts,
    rows,
  };
}
