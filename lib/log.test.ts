import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { createTestDatabase } from "@/lib/testing/database";
import { logOptions } from "./log";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

describe("the logger", () => {
  it("logs a failed query's error without the values it carried", async () => {
    const failure = await handle.db
      .execute(sql`select (${JSON.stringify({ summary: "Alice Dupont\u0000" })}::jsonb)->>'summary'`)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    const lines: string[] = [];
    pino({ ...logOptions, level: "info" }, { write: (line: string) => lines.push(line) }).error(
      { err: failure },
      "query failed",
    );
    expect(lines.join("")).toContain("Failed query");
    expect(lines.join("")).not.toContain("Alice");
  });
});
