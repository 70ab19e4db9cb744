import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/database";
import type { DbHandle } from "./client";
import { members } from "./schema";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("database", () => {
  it("applies the migrations and stores a member", async () => {
    await handle.db.insert(members).values({ id: "m_test", oidcSubject: "sub-1" });
    const rows = await handle.db.select({ id: members.id, locale: members.locale }).from(members);
    expect(rows).toEqual([{ id: "m_test", locale: "fr" }]);
  });
});
