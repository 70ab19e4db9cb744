import type { Db } from "@/lib/db/client";
import { isAddressInNetworks } from "@/lib/net/network-guard";
import { probedHostOfStored } from "./address";
import { type HostVerdict, judgeProbedHost, type TargetPolicy } from "./admission";
import { listProbedTargets } from "./data";
import { pauseTargetForSafety, sendTargetBackToReview } from "./mutations";

export type RecheckResult = { checked: number; paused: string[]; sentToReview: string[] };

/** Few lookups at a time: a hub with thousands of targets must not flood its resolver. */
const concurrency = 8;

/**
 * Resolves every probed host again (paused ones too: resuming must not bring back a name that moved) and pauses
 * the targets whose name now reaches an address members may not watch, since blackbox resolves at each probe. A
 * name that does not resolve is left alone: that is an outage the probe reports, not a danger, and may be a passing
 * resolver failure. An auto-approved target whose name now also reaches addresses outside the auto-approved
 * networks goes back to the admins, as a new target there would; one an admin approved stays (approval covers the
 * name, which the admin saw, not its addresses).
 */
export async function recheckProbedTargets(db: Db, policy: TargetPolicy, now = new Date()): Promise<RecheckResult> {
  const rows = await listProbedTargets(db);
  const hosts = new Map<string, typeof rows>();
  for (const row of rows) {
    const host = probedHostOfStored(row);
    if (host !== null) hosts.set(host, [...(hosts.get(host) ?? []), row]);
  }
  const verdicts = new Map<string, HostVerdict>();
  const queue = [...hosts.keys()];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let host = queue.shift(); host !== undefined; host = queue.shift())
        verdicts.set(host, await judgeProbedHost(host, policy));
    }),
  );
  const result: RecheckResult = { checked: rows.length, paused: [], sentToReview: [] };
  for (const [host, targets] of hosts) {
    const verdict = verdicts.get(host);
    if (!verdict) continue;
    if (!verdict.ok) {
      const reason = verdict.reason;
      if (reason === "host_not_found") continue;
      for (const target of targets)
        if (await pauseTargetForSafety(db, target.id, reason, now)) result.paused.push(target.id);
      continue;
    }
    if (verdict.addresses.every((address) => isAddressInNetworks(address, policy.autoApprovedNetworks))) continue;
    for (const target of targets) {
      if (target.reviewedBy === null && (await sendTargetBackToReview(db, target.id, now)))
        result.sentToReview.push(target.id);
    }
  }
  return result;
}
