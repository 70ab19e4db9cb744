import { parse } from "yaml";
import type { VmauthInput } from "./vmauth-model";

/** How long a tier's VictoriaMetrics has to answer before the sync says it does not. */
const answerTimeoutMs = 3_000;

/** A `url_prefix` without its query (antennas' `extra_label`): the VictoriaMetrics it forwards to. */
const instanceOf = (urlPrefix: string) => {
  const url = new URL(urlPrefix);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
};

/** The VictoriaMetrics a vmauth.yml forwards to: each `url_prefix` without its query (antennas' `extra_label`). */
export function forwardedInstances(vmauthText: string | null): Set<string> {
  const instances = new Set<string>();
  if (!vmauthText) return instances;
  let parsed: { users?: { url_map?: { url_prefix?: unknown }[] }[] } | null;
  try {
    parsed = parse(vmauthText) as typeof parsed;
  } catch {
    // A file Vigie did not write: every tier counts as new, so each is checked.
    return instances;
  }
  for (const user of parsed?.users ?? []) {
    for (const entry of user.url_map ?? []) {
      if (typeof entry.url_prefix !== "string") continue;
      instances.add(instanceOf(entry.url_prefix));
    }
  }
  return instances;
}

async function answers(instance: string): Promise<string | null> {
  try {
    const response = await fetch(`${instance}/health`, {
      redirect: "manual",
      signal: AbortSignal.timeout(answerTimeoutMs),
    });
    await response.body?.cancel();
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return (error as Error).name === "TimeoutError"
      ? `no answer in ${answerTimeoutMs / 1000} s`
      : (cause ?? "unreachable");
  }
}

/** The VictoriaMetrics a user of the file in force is sent to, if the file has that user. */
function inForceInstanceOf(vmauthText: string | null, username: string): string | null {
  if (!vmauthText) return null;
  try {
    const parsed = parse(vmauthText) as { users?: { username?: unknown; url_map?: { url_prefix?: unknown }[] }[] };
    const prefix = parsed?.users?.find((user) => user.username === username)?.url_map?.[0]?.url_prefix;
    return typeof prefix === "string" ? instanceOf(prefix) : null;
  } catch {
    return null;
  }
}

export type HeldBack = { input: VmauthInput | null; error: string | null };

/**
 * A tier whose VictoriaMetrics is new to vmauth.yml (just added, or its write URL changed) must answer before the
 * file sends antennas and vmagent there. One that does not is held back: a tier already in force under another
 * URL keeps that URL, a new one is left out with its antennas; everything else (a revocation, an expiry) still
 * goes into force, and `error` names the tier so the run fails and is tried again. Any HTTP answer counts (the
 * instance is there); an instance already in force that stops answering is not the sync's business.
 */
export async function holdBackSilentTiers(input: VmauthInput, inForce: string | null): Promise<HeldBack> {
  const known = forwardedInstances(inForce);
  // victoriaMetricsUrl comes normalised (victoriaMetricsBaseUrl), as forwardedInstances gives the file's.
  const fresh = input.tiers.filter((tier) => !known.has(tier.victoriaMetricsUrl));
  const silent = await Promise.all(fresh.map(async (tier) => ({ tier, why: await answers(tier.victoriaMetricsUrl) })));
  const errors: string[] = [];
  const dropped = new Set<string>();
  const movedBack = new Map<string, string>();
  for (const { tier, why } of silent) {
    if (!why) continue;
    errors.push(`tier «${tier.name}»: ${tier.victoriaMetricsUrl} does not answer (${why})`);
    const previous = inForceInstanceOf(inForce, tier.writer.username);
    if (previous) movedBack.set(tier.id, previous);
    else dropped.add(tier.id);
  }
  if (errors.length === 0) return { input, error: null };
  const tiers = input.tiers
    .filter((tier) => !dropped.has(tier.id))
    .map((tier) => (movedBack.has(tier.id) ? { ...tier, victoriaMetricsUrl: movedBack.get(tier.id)! } : tier));
  const antennas = input.antennas.filter((antenna) => !dropped.has(antenna.tierId));
  return { input: tiers.length > 0 ? { ...input, tiers, antennas } : null, error: errors.join("; ") };
}
