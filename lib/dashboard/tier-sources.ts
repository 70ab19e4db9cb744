import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { targetKindTiers, tiers } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { openTierReadCredential, type TierReadAccess } from "@/lib/tiers/read-credential";
import { createMetricsClient, type MetricsClient, MetricsUnavailableError } from "./victoria-metrics";

/**
 * The query client of one tier: its read URL, with its read credential when it has one. A credential this
 * process cannot open makes every query fail as the tier not answering would (the page says its metrics are
 * unavailable), without asking the instance: it would refuse an anonymous query anyway.
 */
export function tierMetricsClient(readUrl: string, access: TierReadAccess, timeoutMs?: number): MetricsClient {
  if (access === "unreadable") {
    const refuse = () =>
      Promise.reject(new MetricsUnavailableError("metrics: the tier's read credential cannot be opened"));
    return { queryInstant: refuse, queryRange: refuse };
  }
  return createMetricsClient({ url: readUrl, timeoutMs, ...(access ? { basicAuth: access } : {}) });
}

/** What reading a tier takes from its row: its read URL and what `openTierReadCredential` opens. */
export const tierReadColumns = {
  id: tiers.id,
  readUrl: tiers.readUrl,
  readUsername: tiers.readUsername,
  readPasswordSealed: tiers.readPasswordSealed,
  readerPasswordSealed: tiers.readerPasswordSealed,
};

/**
 * A metrics client per target kind that has a tier, reading that tier's VictoriaMetrics (its read URL, with its
 * read credential when one is set). Kinds without a tier are read from VICTORIA_METRICS_URL by the caller.
 */
export async function metricsClientsByKind(
  db: Db,
  secretKey = env().VIGIE_SECRET_KEY,
  vmauthUrl = env().VMAUTH_URL,
): Promise<Map<string, MetricsClient>> {
  const rows = await db
    .select({ kind: targetKindTiers.kind, ...tierReadColumns })
    .from(targetKindTiers)
    .innerJoin(tiers, eq(tiers.id, targetKindTiers.tierId));
  // One client per tier: kinds sharing a tier are read in the same queries.
  const clients = new Map<string, MetricsClient>();
  const byKind = new Map<string, MetricsClient>();
  for (const row of rows) {
    let client = clients.get(row.id);
    if (!client) {
      client = tierMetricsClient(row.readUrl, openTierReadCredential(row, secretKey, vmauthUrl));
      clients.set(row.id, client);
    }
    byKind.set(row.kind, client);
  }
  return byKind;
}
