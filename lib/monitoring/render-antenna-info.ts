import { portalAntennaMetric } from "@/lib/antennas/series";

/** What the info series say of an antenna: its opaque id, its tier, its "no client" delay. Nothing else. */
export type PublishedAntenna = { id: string; tierId: string; noClientHours: number };

const opaqueId = /^[A-Za-z0-9_-]+$/;

/**
 * The antennas' info series in the Prometheus text format 0.0.4, which the antenna rules join with:
 * `vigie_antenna_info{antenna, tier} 1` and `vigie_antenna_no_client_hours{antenna, tier} N`. No place code and
 * no notes: the series end up in a time-series database that keeps them for years. Sorted, so a scrape of the
 * same state gives the same text.
 */
export function renderAntennaInfo(antennas: readonly PublishedAntenna[]): string {
  const sorted = [...antennas].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const antenna of sorted) {
    if (!opaqueId.test(antenna.id) || !opaqueId.test(antenna.tierId)) throw new Error("antenna ids must be opaque");
    if (!Number.isSafeInteger(antenna.noClientHours)) throw new Error("noClientHours must be an integer");
  }
  const { info, noClientHours } = portalAntennaMetric;
  const labels = (antenna: PublishedAntenna) => `{antenna="${antenna.id}",tier="${antenna.tierId}"}`;
  return [
    `# HELP ${info} An antenna the portal knows and has not revoked (always 1).`,
    `# TYPE ${info} gauge`,
    ...sorted.map((antenna) => `${info}${labels(antenna)} 1`),
    `# HELP ${noClientHours} Hours without a connected station before AntennaNoClients fires.`,
    `# TYPE ${noClientHours} gauge`,
    ...sorted.map((antenna) => `${noClientHours}${labels(antenna)} ${antenna.noClientHours}`),
    "",
  ].join("\n");
}
