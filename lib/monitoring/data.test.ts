import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { loadMonitoringSnapshot } from "./data";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("loadMonitoringSnapshot", () => {
  it("probes only approved, unpaused targets: never a request awaiting approval, a rejected one or a paused one", async () => {
    const { memberId, targetId: active } = await seedMember(handle.db);
    const add = async (values: Partial<typeof targets.$inferInsert>) => {
      const id = newId("t");
      await handle.db
        .insert(targets)
        .values({ id, memberId, kind: "ping", label: "x", address: "192.0.2.10", ...values });
      return id;
    };
    await add({ status: "pending" });
    await add({ status: "rejected" });
    await add({ status: "active", paused: true });
    // Paused and waiting: still nothing.
    await add({ status: "pending", paused: true });
    // A member whose only target waits for an admin is not in the snapshot at all.
    const other = await seedMember(handle.db);
    await handle.db.update(targets).set({ status: "pending" }).where(eq(targets.id, other.targetId));

    const snapshot = await loadMonitoringSnapshot(handle.db);
    expect(snapshot.members.map((member) => member.id)).toEqual([memberId]);
    expect(snapshot.members[0]!.targets.map((target) => target.id)).toEqual([active]);
    expect(snapshot.members.some((member) => member.id === other.memberId)).toBe(false);
  });
});
