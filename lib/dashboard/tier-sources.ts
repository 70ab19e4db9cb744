import "server-only";
import { eq } from "drizzle-orm";
import { decryptSecret, parseSecretKey } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { targetKindTiers, tiers } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { createMetricsClient, type MetricsClient } from "./victoria-metrics";

type TierRead = { tierId: string; readUrl: string; readUsername: string | null; sealed: string | null };

/** The tier's read credential, unsealed (context `tier:<id>`, as lib/tiers/actions.ts seals it), or none. */
function readCredential(tier: TierRead, secretKey: string | undefined) {
  if (!tier.readUsername || !tier.sealed) return undefined;
  if (!secretKey) {
    // Without the key the tier answers 401 and the page says metrics are unavailable; the log says why.
    log.warn({ tierId: tier.tierId }, "VIGIE_SECRET_KEY unset: a tier's read password cannot be unsealed");
    return undefined;
  }
  const password = decryptSecret(parseSecretKey(secretKey), tier.sealed, `tier:${tier.tierId}`);
  return { username: tier.readUsername, password };
}

/**
 * A metrics client per target kind that has a tier, reading that tier's VictoriaMetrics (its read URL, with its
 * read credential when one is set). Kinds without a tier are read from VICTORIA_METRICS_URL by the caller.
 */
export async function metricsClientsByKind(
  db: Db,
  secretKey = env().VIGIE_SECRET_KEY,
): Promise<Map<string, MetricsClient>> {
  const rows = await db
    .select({
      kind: targetKindTiers.kind,
      tierId: tiers.id,
      readUrl: tiers.readUrl,
      readUsername: tiers.readUsername,
      sealed: tiers.readPasswordSealed,
    })
    .from(targetKindTiers)
    .innerJoin(tiers, eq(tiers.id, targetKindTiers.tierId));
  // One client per tier: kinds sharing a tier are read in the same queries.
  const clients = new Map<string, MetricsClient>();
  const byKind = new Map<string, MetricsClient>();
  for (const row of rows) {
    let client = clients.get(row.tierId);
    if (!client) {
      client = createMetricsClient({ url: row.readUrl, basicAuth: readCredential(row, secretKey) });
      clients.set(row.tierId, client);
    }
    byKind.set(row.kind, client);
  }
  return byKind;
}
