import "server-only";
import { asc, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { antennas } from "@/lib/db/schema";
import { refuseScrape, type ScrapeAccess } from "@/lib/metrics/scrape";
import { type PublishedAntenna, renderAntennaInfo } from "./render-antenna-info";

/** Antennas not revoked, with only what the info series carry. Shared with vmagent's scrape: no admin scope. */
export function listPublishedAntennas(db: Db): Promise<PublishedAntenna[]> {
  return db
    .select({ id: antennas.id, tierId: antennas.tierId, noClientHours: antennas.noClientHours })
    .from(antennas)
    .where(isNull(antennas.revokedAt))
    .orderBy(asc(antennas.id));
}

/**
 * Answers vmagent's scrape of `/metrics/antennas` under the same bearer rule as `/metrics`, from the database at
 * each scrape: a new, revoked or edited antenna shows in the next scrape, with no configuration to reload.
 */
export async function respondWithAntennaInfo(request: Request, db: Db, access: ScrapeAccess): Promise<Response> {
  const refused = refuseScrape(request, access);
  if (refused) return refused;
  return new Response(renderAntennaInfo(await listPublishedAntennas(db)), {
    headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" },
  });
}
