import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import type { DbHandle } from "./client";
import { vacuumAnalyze } from "./maintenance";
import { members } from "./schema";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

/** What the planner believes: -1 until the table was first vacuumed or analyzed. */
async function plannerRowEstimate(table: string): Promise<number> {
  const result = (await handle.db.execute(
    sql`select reltuples::int as estimate from pg_class where relname = ${table}`,
  )) as unknown as {
    rows: { estimate: number }[];
  };
  return result.rows[0]!.estimate;
}

describe("vacuumAnalyze", () => {
  it("gives the planner the tables' real sizes", async () => {
    await handle.db.insert(members).values(
      Array.from({ length: 120 }, (_, index) => ({
        id: `m_maintenance${index}`,
        oidcSubject: `maintenance-${index}`,
      })),
    );
    expect(await plannerRowEstimate("members")).not.toBe(120);
    await vacuumAnalyze(handle.db);
    expect(await plannerRowEstimate("members")).toBe(120);
  });
});
