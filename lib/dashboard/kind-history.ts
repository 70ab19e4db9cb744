import "server-only";
import { inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type TargetKindValue, targetKinds, tiers } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { listTierMoves } from "@/lib/tiers/moves";
import { openTierReadCredential } from "@/lib/tiers/read-credential";
import { historyClient, type TierSpan, tierSpans } from "./tier-history";
import { tierMetricsClient, tierReadColumns } from "./tier-sources";
import type { MetricsClient } from "./victoria-metrics";

/** The longest window of the member dashboard (uptime over 30 days): an older move changes nothing it shows. */
const memberWindowMs = 30 * 86_400_000;

/** A kind whose series moved to another tier within the dashboard's windows, at its last move. */
export type KindMove = { kind: TargetKindValue; movedAt: Date };

export type KindHistory = {
  /** metricsByKind, with each kind that moved reading its old tiers too (lib/dashboard/tier-history.ts). */
  metricsByKind: Map<string, MetricsClient>;
  moves: KindMove[];
};

/**
 * Lets the member dashboard read a kind's history across its moves: the response-time chart joins the old and
 * the new tier, each for its own time. Figures that are one query over a window (uptime) come from the current
 * tier only, so `moves` tells the page which kinds to say that about. `defaultClient` reads kinds with no tier.
 */
export async function withKindHistory(
  db: Db,
  metricsByKind: ReadonlyMap<string, MetricsClient>,
  defaultClient: MetricsClient | undefined,
  options: { now?: Date; secretKey?: string } = {},
): Promise<KindHistory> {
  const now = options.now ?? new Date();
  const moves = await listTierMoves(db, "target_kind", new Date(now.getTime() - memberWindowMs));
  const result = new Map(metricsByKind);
  if (moves.length === 0) return { metricsByKind: result, moves: [] };

  const oldTierIds = [...new Set(moves.flatMap((move) => (move.fromTierId ? [move.fromTierId] : [])))];
  const oldClients = await tierClients(db, oldTierIds, options.secretKey ?? env().VIGIE_SECRET_KEY);
  const lastMove = new Map<TargetKindValue, Date>();
  // Only kinds the schema knows: a row naming anything else reads nothing.
  for (const kind of targetKinds.filter((known) => moves.some((move) => move.subject === known))) {
    const current = metricsByKind.get(kind) ?? defaultClient;
    const kindMoves = moves.filter((move) => move.subject === kind);
    lastMove.set(kind, kindMoves.at(-1)!.movedAt);
    if (!current) continue;
    const spans = tierSpans<MetricsClient | undefined>(
      current,
      kindMoves.map((move) => ({
        from: move.fromTierId ? oldClients.get(move.fromTierId) : defaultClient,
        movedAt: move.movedAt,
      })),
    ).filter((span): span is TierSpan<MetricsClient> => span.source !== undefined);
    result.set(kind, historyClient(spans));
  }
  return { metricsByKind: result, moves: [...lastMove].map(([kind, movedAt]) => ({ kind, movedAt })) };
}

/** Query clients of the given tiers, built as metricsClientsByKind builds a kind's (its read URL and credential). */
async function tierClients(db: Db, tierIds: readonly string[], secretKey: string | undefined) {
  if (tierIds.length === 0) return new Map<string, MetricsClient>();
  const rows = await db
    .select(tierReadColumns)
    .from(tiers)
    .where(inArray(tiers.id, [...tierIds]));
  return new Map(
    rows.map(
      (row) =>
        [row.id, tierMetricsClient(row.readUrl, openTierReadCredential(row, secretKey, env().VMAUTH_URL))] as const,
    ),
  );
}
