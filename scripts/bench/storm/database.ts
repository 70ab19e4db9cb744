import { randomBytes } from "node:crypto";
import pg from "pg";
import { type DbHandle, openDatabase } from "@/lib/db/client";
import { channels, members, targets } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import type { MonitoredTarget } from "@/lib/monitoring/snapshot";
import { createServerDatabase } from "@/lib/testing/database";

export type StormTarget = MonitoredTarget & { label: string };
export type StormDatabase = { url: string; handle: DbHandle; pool: pg.Pool; drop(): Promise<void> };

/** A fresh database on the server `serverUrl` points at (migrated), dropped by `drop()` even if clients linger. */
export async function createStormDatabase(serverUrl: string): Promise<StormDatabase> {
  const database = await createServerDatabase(serverUrl, "vigie_storm");
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: "" });
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  return {
    url: database.url,
    handle,
    pool,
    async drop() {
      await Promise.allSettled([handle.close(), pool.end()]);
      await database.drop();
    },
  };
}

/** `storm-m00042-t3`: unique, fixed width (no label is a prefix of another), so message bodies are attributable. */
export const stormLabelPattern = /storm-m\d{5}-t\d{2}/g;
const labelFor = (member: number, target: number) =>
  `storm-m${String(member).padStart(5, "0")}-t${String(target).padStart(2, "0")}`;

/**
 * Members (English, so counting reads one catalogue) with `targetsPerMember` bricks each and one verified Matrix
 * channel; member i's channel uses room `roomIds[i % roomIds.length]` (a shared pool when rooms are fewer).
 */
export async function seedStormMembers(
  handle: DbHandle,
  options: { members: number; targetsPerMember: number; roomIds: readonly string[] },
): Promise<StormTarget[]> {
  const seeded: StormTarget[] = [];
  const batch = 500;
  for (let first = 0; first < options.members; first += batch) {
    const indexes = Array.from({ length: Math.min(batch, options.members - first) }, (_, i) => first + i);
    const memberRows = indexes.map((i) => ({
      id: newId("m"),
      oidcSubject: `storm-${i}-${randomBytes(4).toString("hex")}`,
      locale: "en",
    }));
    const targetRows = memberRows.flatMap((member, k) =>
      Array.from({ length: options.targetsPerMember }, (_, j) => ({
        id: newId("t"),
        memberId: member.id,
        kind: "brick" as const,
        label: labelFor(indexes[k]!, j),
        address: `https://brick-${indexes[k]}-${j}.example.org/`,
      })),
    );
    const channelRows = memberRows.map((member, k) => ({
      id: newId("c"),
      memberId: member.id,
      type: "matrix" as const,
      address: `@storm-${indexes[k]}:localhost`,
      roomId: options.roomIds[indexes[k]! % options.roomIds.length]!,
      verifiedAt: new Date(),
    }));
    await handle.db.transaction(async (tx) => {
      await tx.insert(members).values(memberRows);
      await tx.insert(targets).values(targetRows);
      await tx.insert(channels).values(channelRows);
    });
    seeded.push(...targetRows);
  }
  return seeded;
}
