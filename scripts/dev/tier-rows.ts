import path from "node:path";
import { openDatabase } from "@/lib/db/client";
import { tiers } from "@/lib/db/schema";
import { secretKeyFromEnv } from "@/lib/env";
import {
  type DefaultTierKey,
  type ExtraTierPlacement,
  repointTiers,
  seedDefaultTiers,
  type TierPlacement,
} from "@/lib/tiers/defaults";

/**
 * Run by the dev environment with tsx (`tsconfig.node.json`): the database modules are server-only, which the
 * Playwright global setup that also starts the environment cannot import. `check <dataDir>` prints whether the
 * database has a tier; `place <dataDir> <placements JSON>` seeds the default tiers, or re-points them.
 */
const [command, dataDir, placementsJson] = process.argv.slice(2);
const handle = await openDatabase({ dataDir: path.join(dataDir!, "pg") });
try {
  if (command === "check") {
    const [tier] = await handle.db.select({ id: tiers.id }).from(tiers).limit(1);
    console.log(JSON.stringify({ hasTiers: tier !== undefined }));
  } else if (command === "place") {
    const { placements, extras } = JSON.parse(placementsJson!) as {
      placements: Record<DefaultTierKey, TierPlacement>;
      extras: ExtraTierPlacement[];
    };
    // The portal's key (from the environment the dev environment gives this process): vmauth's service users.
    const key = secretKeyFromEnv();
    if (!(await seedDefaultTiers(handle.db, placements, key, extras))) {
      await repointTiers(handle.db, [...Object.values(placements), ...extras]);
    }
  } else {
    throw new Error(`unknown command ${command}`);
  }
} finally {
  await handle.close();
}
