import type { Db } from "@/lib/db/client";
import { probedHostOfStored } from "./address";
import { judgeProbedHost, type HostVerdict, type TargetPolicy } from "./admission";
import { listProbedTargets } from "./data";
import { pauseTargetForSafety } from "./mutations";

export type RecheckResult = { checked: number; paused: string[] };

/** Few lookups at a time: a hub with thousands of targets must not flood its resolver. */
const concurrency = 8;

/**
 * Resolves every probed host again and pauses the targets whose name now reaches an address members may not watch
 * (blackbox resolves at each probe, so a name checked when saved can move later). A name that does not resolve is
 * left alone: that is an outage the probe reports, not a danger, and may be a passing resolver failure.
 */
export async function recheckProbedTargets(db: Db, policy: TargetPolicy, now = new Date()): Promise<RecheckResult> {
  const rows = await listProbedTargets(db);
  const hosts = new Map<string, string[]>();
  for (const row of rows) {
    const host = probedHostOfStored(row);
    if (host !== null) hosts.set(host, [...(hosts.get(host) ?? []), row.id]);
  }
  const verdicts = new Map<string, HostVerdict>();
  const queue = [...hosts.keys()];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let host = queue.shift(); host !== undefined; host = queue.shift()) verdicts.set(host, await judgeProbedHost(host, policy));
    }),
  );
  const paused: string[] = [];
  for (const [host, targetIds] of hosts) {
    const verdict = verdicts.get(host);
    if (!verdict || verdict.ok || verdict.reason === "host_not_found") continue;
    for (const targetId of targetIds) {
      if (await pauseTargetForSafety(db, targetId, verdict.reason, now)) paused.push(targetId);
    }
  }
  return { checked: rows.length, paused };
}
