import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { adminScopeFor, memberScopeFor } from "@/lib/testing/scopes";
import { deleteTier } from "@/lib/tiers/mutations";
import { antennaUsername, unsealPassword } from "./credentials";
import { listAntennas } from "./data";
import { registerAntenna, revokeAntenna, rotateAntennaCredential, updateAntenna } from "./mutations";

let handle: DbHandle;
let admin: ReturnType<typeof adminScopeFor>;
const key = randomBytes(32);
const squats = "r_0000000000000000000a";
const vps = "r_0000000000000000000b";
const hour = 3_600_000;

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = adminScopeFor((await seedMember(handle.db)).memberId);
  const tier = { retention: "3y", writeUrl: "http://127.0.0.1:8428", readUrl: "http://127.0.0.1:8428" };
  await handle.db.insert(tiers).values([
    { id: squats, name: "Squats", ...tier },
    { id: vps, name: "VPS", ...tier },
  ]);
});
afterAll(() => handle.close());

const row = async (id: string) => (await handle.db.select().from(antennas).where(eq(antennas.id, id)))[0]!;
const fields = { placeCode: "BXL-07", tierId: squats, notes: "Sur le toit", noClientHours: "6" };

describe("registering an antenna", () => {
  it("refuses personal data, a missing tier, a taken code and a server without a key, storing nothing", async () => {
    expect(await registerAntenna(handle.db, admin, { ...fields, notes: "appeler le 0470 12 34 56" }, key)).toEqual({
      ok: false,
      reason: "personal_data_phone",
      fields: { notes: "personal_data_phone" },
    });
    expect(await registerAntenna(handle.db, admin, { ...fields, placeCode: "a@b.be" }, key)).toMatchObject({
      fields: { placeCode: "personal_data_email" },
    });
    expect(await registerAntenna(handle.db, admin, { ...fields, tierId: "r_00000000000000000000" }, key)).toMatchObject(
      { fields: { tierId: "tier_not_found" } },
    );
    expect(await registerAntenna(handle.db, admin, fields, null)).toMatchObject({
      reason: "antenna_secret_key_missing",
    });
    expect(await handle.db.select().from(antennas)).toEqual([]);
  });

  it("issues generation 1 once, stores it and a 16-byte salt sealed for this antenna, and never lists them", async () => {
    const registered = await registerAntenna(handle.db, admin, fields, key);
    if (!registered.ok) throw new Error(registered.reason);
    const { antennaId, username, password } = registered.credential;
    expect(antennaId).toMatch(/^a_[0-9a-f]{20}$/);
    expect(username).toBe(antennaUsername(antennaId, 1));
    expect(Buffer.from(password, "base64url").length).toBe(32);
    const stored = await row(antennaId);
    expect(stored).toMatchObject({ placeCode: "BXL-07", tierId: squats, notes: "Sur le toit", noClientHours: 6 });
    expect(stored.generation).toBe(1);
    expect(stored.passwordSealed).not.toContain(password);
    expect(unsealPassword(key, antennaId, stored.passwordSealed!)).toBe(password);
    expect(decryptSecret(key, stored.saltSealed, `antenna-salt:${antennaId}`)).toMatch(/^[0-9a-f]{32}$/);
    expect(() => decryptSecret(key, stored.saltSealed, "antenna-salt:a_00000000000000000000")).toThrow();

    const listed = await listAntennas(handle.db, admin);
    expect(listed).toEqual([
      {
        id: antennaId,
        placeCode: "BXL-07",
        tierId: squats,
        tierName: "Squats",
        notes: "Sur le toit",
        noClientHours: 6,
        generation: 1,
        previousValidUntil: null,
        revokedAt: null,
        createdAt: expect.any(Date),
      },
    ]);
    const shown = JSON.stringify(listed);
    for (const secret of [password, stored.passwordSealed!, stored.saltSealed]) expect(shown).not.toContain(secret);

    expect(await registerAntenna(handle.db, admin, { ...fields, tierId: vps }, key)).toMatchObject({
      fields: { placeCode: "place_code_taken" },
    });
    await handle.db.delete(antennas);
  });
});

describe("an antenna's life", () => {
  it("is edited, rotated with and without grace, then revoked for good", async () => {
    const registered = await registerAntenna(handle.db, admin, fields, key);
    const other = await registerAntenna(handle.db, admin, { ...fields, placeCode: "GNT-01" }, key);
    if (!registered.ok || !other.ok) throw new Error("seed");
    const id = registered.credential.antennaId;

    expect(await updateAntenna(handle.db, admin, id, { ...fields, placeCode: "GNT-01" })).toEqual({
      ok: false,
      reason: "place_code_taken",
      fields: { placeCode: "place_code_taken" },
    });
    expect(await updateAntenna(handle.db, admin, id, { ...fields, notes: "9000 Gent" })).toMatchObject({
      fields: { notes: "personal_data_address" },
    });
    expect(
      await updateAntenna(handle.db, admin, id, { placeCode: "BXL-08", tierId: vps, notes: "", noClientHours: "24" }),
    ).toEqual({ ok: true, placeCode: "BXL-08" });
    expect(await row(id)).toMatchObject({ placeCode: "BXL-08", tierId: vps, notes: "", noClientHours: 24 });
    // Editing keeps the credential: only a rotation changes it.
    expect(unsealPassword(key, id, (await row(id)).passwordSealed!)).toBe(registered.credential.password);

    const now = new Date("2026-12-01T10:00:00Z");
    const first = registered.credential.password;
    const rotated = await rotateAntennaCredential(handle.db, admin, id, 24 * hour, key, now);
    if (!rotated.ok) throw new Error(rotated.reason);
    expect(rotated.credential.username).toBe(antennaUsername(id, 2));
    expect(rotated.credential.password).not.toBe(first);
    let stored = await row(id);
    expect(stored.generation).toBe(2);
    expect(unsealPassword(key, id, stored.passwordSealed!)).toBe(rotated.credential.password);
    expect(unsealPassword(key, id, stored.previousPasswordSealed!)).toBe(first);
    expect(stored.previousValidUntil).toEqual(new Date("2026-12-02T10:00:00Z"));

    // No grace: the previous password goes at once (the one of generation 1 was dropped with it).
    const again = await rotateAntennaCredential(handle.db, admin, id, 0, key, now);
    if (!again.ok) throw new Error(again.reason);
    stored = await row(id);
    expect(stored).toMatchObject({ generation: 3, previousPasswordSealed: null, previousValidUntil: null });
    expect(await rotateAntennaCredential(handle.db, admin, id, hour, null, now)).toMatchObject({
      reason: "antenna_secret_key_missing",
    });

    const revokedAt = new Date("2026-12-01T11:00:00Z");
    await rotateAntennaCredential(handle.db, admin, id, hour, key, now);
    expect(await revokeAntenna(handle.db, admin, id, revokedAt)).toEqual({ ok: true, placeCode: "BXL-08" });
    expect(await row(id)).toMatchObject({
      passwordSealed: null,
      previousPasswordSealed: null,
      previousValidUntil: null,
      revokedAt,
      generation: 4,
    });
    // Revoked for good: nothing brings it back, and the refusal says why.
    expect(await revokeAntenna(handle.db, admin, id)).toEqual({ ok: false, reason: "antenna_revoked" });
    expect(await rotateAntennaCredential(handle.db, admin, id, hour, key)).toEqual({
      ok: false,
      reason: "antenna_revoked",
    });
    expect(await updateAntenna(handle.db, admin, id, fields)).toEqual({ ok: false, reason: "antenna_revoked" });
    expect(await row(id)).toMatchObject({ passwordSealed: null, placeCode: "BXL-08", revokedAt });
    expect((await listAntennas(handle.db, admin)).map((antenna) => [antenna.placeCode, antenna.revokedAt])).toEqual([
      ["BXL-08", revokedAt],
      ["GNT-01", null],
    ]);

    const gone = "a_00000000000000000000";
    expect(await revokeAntenna(handle.db, admin, gone)).toEqual({ ok: false, reason: "antenna_not_found" });
    expect(await rotateAntennaCredential(handle.db, admin, gone, 0, key)).toMatchObject({
      reason: "antenna_not_found",
    });
    expect(await updateAntenna(handle.db, admin, gone, fields)).toMatchObject({ reason: "antenna_not_found" });
  });

  it("keeps its tier from being deleted, even revoked, and the refusal names it by place code", async () => {
    expect(await deleteTier(handle.db, admin, vps)).toEqual({
      ok: false,
      reason: "tier_in_use",
      usedBy: [],
      antennas: ["BXL-08"],
    });
    expect(await deleteTier(handle.db, admin, squats)).toMatchObject({ antennas: ["GNT-01"] });
    await handle.db.delete(antennas).where(eq(antennas.placeCode, "BXL-08"));
    expect(await deleteTier(handle.db, admin, vps)).toEqual({ ok: true, name: "VPS" });
  });

  it("take an admin scope, which a member's scope is not (the type checker refuses it)", () => {
    const member = memberScopeFor("m_00000000000000000000");
    // @ts-expect-error a MemberScope is not an AdminScope
    const attempt = () => revokeAntenna(handle.db, member, "a_00000000000000000000");
    expect(attempt).toBeTypeOf("function");
  });
});
