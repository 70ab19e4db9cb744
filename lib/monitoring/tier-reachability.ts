import { parse } from "yaml";
import type { VmauthTier } from "./vmauth-model";

/** How long a tier's VictoriaMetrics has to answer before the sync says it does not. */
const answerTimeoutMs = 3_000;

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
      const url = new URL(entry.url_prefix);
      instances.add(`${url.origin}${url.pathname}`.replace(/\/+$/, ""));
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

/**
 * A tier whose VictoriaMetrics is new to vmauth.yml (just added, or its write URL changed) must answer before the
 * file that sends antennas and vmagent there is written: otherwise the sync fails, says which tier, and the
 * configuration in force stays. Any HTTP answer counts (the instance is there); an instance already in force
 * that stops answering is not the sync's business, so it cannot hold every other change back.
 */
export async function checkNewTiersAnswer(tiers: VmauthTier[], inForce: string | null): Promise<string | null> {
  const known = forwardedInstances(inForce);
  const fresh = tiers.filter((tier) => !known.has(tier.victoriaMetricsUrl.replace(/\/+$/, "")));
  const failures = await Promise.all(
    fresh.map(async (tier) => {
      const why = await answers(tier.victoriaMetricsUrl.replace(/\/+$/, ""));
      return why ? `tier «${tier.name}»: ${tier.victoriaMetricsUrl} does not answer (${why})` : null;
    }),
  );
  const errors = failures.filter((failure): failure is string => failure !== null);
  return errors.length > 0 ? errors.join("; ") : null;
}
