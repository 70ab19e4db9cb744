import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAntenna, updateAntenna } from "@/lib/antennas/mutations";
import type { DbHandle } from "@/lib/db/client";
import { tierMoves } from "@/lib/db/schema";
import { insertTierRows } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { adminScopeFor } from "@/lib/testing/scopes";
import { listTierMoves, recordTierMove, tierMoveRetentionMs } from "./moves";
import { assignKindTier, deleteTier } from "./mutations";

let handle: DbHandle;
let admin: ReturnType<typeof adminScopeFor>;
const key = randomBytes(32);
const squats = "r_0000000000000000000a";
const vps = "r_0000000000000000000b";
const spare = "r_0000000000000000000c";
const longAgo = new Date("2020-01-01T00:00:00Z");

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = adminScopeFor((await seedMember(handle.db)).memberId);
  await insertTierRows(handle.db, key, { [squats]: "Squats", [vps]: "VPS", [spare]: "Spare" });
});
afterAll(() => handle.close());

const moves = (type: "target_kind" | "antenna") => listTierMoves(handle.db, type, longAgo);
const shape = (rows: Awaited<ReturnType<typeof moves>>) =>
  rows.map(({ subject, fromTierId, toTierId }) => ({ subject, fromTierId, toTierId }));

describe("recording tier moves", () => {
  it("records each change of a kind's tier, from no tier and back to none, and nothing when the tier stays", async () => {
    await assignKindTier(handle.db, admin, "ping", vps);
    await assignKindTier(handle.db, admin, "ping", vps);
    await assignKindTier(handle.db, admin, "ping", spare);
    await assignKindTier(handle.db, admin, "ping", null);
    await assignKindTier(handle.db, admin, "ping", null);
    expect(shape(await moves("target_kind"))).toEqual([
      { subject: "ping", fromTierId: null, toTierId: vps },
      { subject: "ping", fromTierId: vps, toTierId: spare },
      { subject: "ping", fromTierId: spare, toTierId: null },
    ]);
    // A refused assignment records nothing.
    await handle.db.delete(tierMoves);
    expect(await assignKindTier(handle.db, admin, "vpn", "r_00000000000000000000")).toMatchObject({ ok: false });
    expect(await moves("target_kind")).toEqual([]);
  });

  it("records an antenna's change of tier, not an edit that keeps it, nor an edit that is refused", async () => {
    const registered = await registerAntenna(
      handle.db,
      admin,
      { placeCode: "BXL-07", tierId: squats, notes: "", noClientHours: "6" },
      key,
    );
    if (!registered.ok) throw new Error(registered.reason);
    const id = registered.credential.antennaId;
    const fields = { placeCode: "BXL-07", tierId: squats, notes: "Sur le toit", noClientHours: "6" };
    expect(await updateAntenna(handle.db, admin, id, fields)).toMatchObject({ ok: true });
    expect(await moves("antenna")).toEqual([]);
    // A tier holding target kinds is refused: no move.
    await assignKindTier(handle.db, admin, "tcp", spare);
    expect(await updateAntenna(handle.db, admin, id, { ...fields, tierId: spare })).toMatchObject({ ok: false });
    expect(await updateAntenna(handle.db, admin, id, { ...fields, tierId: vps })).toMatchObject({ ok: true });
    const [move] = await moves("antenna");
    expect(shape(await moves("antenna"))).toEqual([{ subject: id, fromTierId: squats, toTierId: vps }]);
    expect(Date.now() - move!.movedAt.getTime()).toBeLessThan(60_000);
    expect(await listTierMoves(handle.db, "antenna", longAgo, ["a_other"])).toEqual([]);
    expect(await listTierMoves(handle.db, "antenna", longAgo, [id])).toHaveLength(1);
    expect(await listTierMoves(handle.db, "antenna", new Date(Date.now() + 60_000))).toEqual([]);
    await handle.db.delete(tierMoves);
  });

  it("deletes moves older than 90 days when one is recorded, and the moves out of a deleted tier, keeping those into it", async () => {
    const now = new Date(Date.now() - 60_000);
    const old = new Date(now.getTime() - tierMoveRetentionMs - 1_000);
    const recent = new Date(now.getTime() - tierMoveRetentionMs + 60_000);
    await recordTierMove(
      handle.db,
      { subjectType: "target_kind", subject: "vps", fromTierId: null, toTierId: vps },
      old,
    );
    await recordTierMove(
      handle.db,
      { subjectType: "target_kind", subject: "vps", fromTierId: vps, toTierId: squats },
      recent,
    );
    expect(await moves("target_kind")).toHaveLength(2);
    await recordTierMove(
      handle.db,
      { subjectType: "target_kind", subject: "brick", fromTierId: null, toTierId: spare },
      now,
    );
    expect((await moves("target_kind")).map((move) => move.movedAt)).toEqual([recent, now]);

    await handle.db.delete(tierMoves);
    await recordTierMove(
      handle.db,
      { subjectType: "target_kind", subject: "vps", fromTierId: spare, toTierId: vps },
      now,
    );
    await recordTierMove(
      handle.db,
      { subjectType: "target_kind", subject: "brick", fromTierId: vps, toTierId: null },
      now,
    );
    await recordTierMove(
      handle.db,
      { subjectType: "target_kind", subject: "ping", fromTierId: vps, toTierId: spare },
      now,
    );
    await assignKindTier(handle.db, admin, "tcp", null);
    expect(await deleteTier(handle.db, admin, spare)).toMatchObject({ ok: true });
    // The moves out of the deleted tier went with it; a move into it stays, its target unknown: the time before it
    // is still read from the tier it left (vps → spare → … keeps vps's part).
    expect(shape(await moves("target_kind"))).toEqual([
      { subject: "brick", fromTierId: vps, toTierId: null },
      { subject: "ping", fromTierId: vps, toTierId: null },
    ]);
  });
});
