import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { newId } from "@/lib/ids";
import { type DefaultTierKey, defaultTiers } from "@/lib/tiers/default-tiers";
import type { StackTier, TierUrls } from "@/scripts/stack/tiers";

/** A tier the dev environment runs beyond the notes' (the e2e hub's second antenna tier). */
export type ExtraDevTier = { key: string; name: string; retention: string };
type PlannedTier = (StackTier & { key: DefaultTierKey }) | (StackTier & ExtraDevTier);

function tierRows(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const tsx = path.resolve("node_modules/.bin/tsx");
  return execFileSync(tsx, ["--tsconfig", "tsconfig.node.json", "scripts/dev/tier-rows.ts", ...args], {
    encoding: "utf8",
    env,
  });
}

/**
 * The default tiers the dev stack runs an instance for. Their ids are made before the stack starts (its
 * instances are named after them) and kept in `<dataDir>/tiers.json`, so a restarted demo runs the same tiers.
 * None when the database already has tiers the dev environment did not seed (an admin's own).
 */
export function planDevTiers(dataDir: string, extras: readonly ExtraDevTier[] = []): PlannedTier[] {
  const file = path.join(dataDir, "tiers.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as PlannedTier[];
  // A fresh data folder has no database yet, hence no tier: no need to create one here (~6 s of PGlite).
  const hasDatabase = existsSync(path.join(dataDir, "pg"));
  if (hasDatabase && (JSON.parse(tierRows(["check", dataDir])) as { hasTiers: boolean }).hasTiers) return [];
  // The processes run with the notes' retentions too: VictoriaMetrics only deletes older data, so a long
  // retention costs a demo nothing.
  const planned: PlannedTier[] = [
    ...defaultTiers.map((tier) => ({
      key: tier.key,
      id: newId("r"),
      retention: tier.retention,
      ...("default" in tier ? { default: true } : {}),
    })),
    ...extras.map((extra) => ({ ...extra, id: newId("r") })),
  ];
  writeFileSync(file, JSON.stringify(planned));
  return planned;
}

/** Inserts the default tiers with the stack's URLs, or points the ones seeded before at this start's ports. */
export function placeDevTiers(
  dataDir: string,
  planned: readonly PlannedTier[],
  urls: Record<string, TierUrls>,
  vmauthUrl: string,
  secretKey: string,
): void {
  if (planned.length === 0) return;
  // The portal reads every tier through vmauth, as the tier's own reader.
  const placement = (tier: PlannedTier) => ({ id: tier.id, url: urls[tier.id]!.victoriaMetrics, readUrl: vmauthUrl });
  const placements = Object.fromEntries(
    planned.filter((tier) => !("name" in tier)).map((tier) => [tier.key, placement(tier)]),
  );
  const extras = planned.flatMap((tier) =>
    "name" in tier ? [{ ...placement(tier), name: tier.name, retention: tier.retention }] : [],
  );
  tierRows(["place", dataDir, JSON.stringify({ placements, extras })], {
    ...process.env,
    VIGIE_SECRET_KEY: secretKey,
  });
}
