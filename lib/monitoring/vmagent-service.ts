import { tierServiceUsername } from "@/lib/tiers/service-users";
import type { MonitoringSnapshot } from "./snapshot";

/**
 * vmagent 1.79 shows neither its loaded relabelling nor its remote-write URLs (hidden as secrets), but its
 * `/metrics` lists every non-secret flag: the users it writes as, one per remote-write URL, in order. A tier's
 * series reach it only through a URL where vmagent writes as that tier's `vmagent-<tierId>` (each URL keeps its
 * own tier), so these names say which tiers vmagent can feed.
 */
export async function fetchVmagentWriters(vmagentUrl: string, timeoutMs = 10_000): Promise<string[]> {
  const response = await fetch(new URL("/metrics", vmagentUrl), { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`vmagent /metrics: HTTP ${response.status}`);
  const text = await response.text();
  const line = /^flag\{name="remoteWrite\.basicAuth\.username", value="([^"]*)"/m.exec(text);
  return line ? line[1]!.split(",").filter(Boolean) : [];
}

/** The tiers that hold series vmagent must deliver: every kind's tier, and the antennas' (their info series). */
export function tiersFedByVmagent(snapshot: MonitoringSnapshot): string[] {
  const ids = new Set([...Object.values(snapshot.kindTiers ?? {}), ...(snapshot.antennaTiers ?? [])]);
  return [...ids].sort();
}

/**
 * What is wrong when vmagent has no remote write for a tier that holds series: every series labelled with that
 * tier is dropped (no URL keeps it). Names the tier, never a credential.
 */
export function missingVmagentWriters(
  snapshot: MonitoringSnapshot,
  writers: readonly string[],
  names: ReadonlyMap<string, string>,
): string | null {
  const have = new Set(writers);
  const missing = tiersFedByVmagent(snapshot).filter((id) => !have.has(tierServiceUsername("writer", id)));
  if (missing.length === 0) return null;
  const listed = missing.map((id) => `«${names.get(id) ?? id}» (${tierServiceUsername("writer", id)})`).join(", ");
  return `vmagent has no remote write for tier ${listed}: the series labelled with it are dropped until vmagent gets a -remoteWrite.url for it`;
}

/**
 * Whether vmagent writes a tier (a remote write as its `vmagent-<tierId>`): "unknown" when vmagent is not
 * configured or does not answer (the sync run checks again and says so).
 */
export async function vmagentWritesTier(vmagentUrl: string | undefined, tierId: string): Promise<boolean | "unknown"> {
  if (!vmagentUrl) return "unknown";
  try {
    // A form waits on it: a loopback /metrics answers in milliseconds, a hung vmagent must not hold it for long.
    return (await fetchVmagentWriters(vmagentUrl, 3_000)).includes(tierServiceUsername("writer", tierId));
  } catch {
    return "unknown";
  }
}
