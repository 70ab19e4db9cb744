import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { antennas, targetKindTiers, tiers } from "@/lib/db/schema";
import { insertTierRows } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { adminScopeFor, memberScopeFor } from "@/lib/testing/scopes";
import { listTiers } from "@/lib/tiers/data";
import { assignKindTier, deleteTier } from "@/lib/tiers/mutations";
import { newTierServicePasswords } from "@/lib/tiers/service-users";
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
  await insertTierRows(handle.db, key, { [squats]: "Squats", [vps]: "VPS" });
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

describe("a tier holds antennas or target kinds, never both", () => {
  const tier = { retention: "3y", writeUrl: "http://127.0.0.1:8428", readUrl: "http://127.0.0.1:8428" };
  const addTier = async (id: string, name: string, serviceUsers = true) => {
    await handle.db
      .insert(tiers)
      .values({ id, name, ...tier, ...(serviceUsers ? newTierServicePasswords(key, id) : {}) });
    return id;
  };

  it("refuses an antenna on a tier holding kinds, naming them, on registration and on edit", async () => {
    const probes = await addTier("r_0000000000000000001a", "Sondes");
    const own = await addTier("r_0000000000000000001b", "Antennes");
    await assignKindTier(handle.db, admin, "vpn", probes);
    await assignKindTier(handle.db, admin, "brick", probes);
    const onProbes = { ...fields, placeCode: "MIX-01", tierId: probes };
    expect(await registerAntenna(handle.db, admin, onProbes, key)).toEqual({
      ok: false,
      reason: "antenna_tier_has_kinds",
      fields: { tierId: "antenna_tier_has_kinds" },
      kinds: ["brick", "vpn"],
    });
    expect(await handle.db.select().from(antennas).where(eq(antennas.placeCode, "MIX-01"))).toEqual([]);

    const registered = await registerAntenna(handle.db, admin, { ...onProbes, tierId: own }, key);
    if (!registered.ok) throw new Error(registered.reason);
    const id = registered.credential.antennaId;
    expect(await updateAntenna(handle.db, admin, id, onProbes)).toMatchObject({
      reason: "antenna_tier_has_kinds",
      kinds: ["brick", "vpn"],
    });
    expect((await row(id)).tierId).toBe(own);
    expect(
      (await listTiers(handle.db, admin))
        .filter((listed) => listed.id === probes || listed.id === own)
        .map((listed) => [listed.name, listed.holdsKinds, listed.holdsAntennas]),
    ).toEqual([
      ["Antennes", false, true],
      ["Sondes", true, false],
    ]);
  });

  it("refuses a kind on a tier holding antennas, revoked ones included, naming them by place code", async () => {
    const own = "r_0000000000000000001b";
    const second = await registerAntenna(handle.db, admin, { ...fields, placeCode: "MIX-00", tierId: own }, key);
    if (!second.ok) throw new Error(second.reason);
    expect(await assignKindTier(handle.db, admin, "ping", own)).toEqual({
      ok: false,
      reason: "tier_has_antennas",
      antennas: ["MIX-00", "MIX-01"],
    });
    await revokeAntenna(handle.db, admin, second.credential.antennaId);
    const [live] = await handle.db.select().from(antennas).where(eq(antennas.placeCode, "MIX-01"));
    await revokeAntenna(handle.db, admin, live!.id);
    // Revoked rows keep their tier, and their series stay in it: still refused.
    expect(await assignKindTier(handle.db, admin, "ping", own)).toMatchObject({ antennas: ["MIX-00", "MIX-01"] });
    expect(await handle.db.select().from(targetKindTiers).where(eq(targetKindTiers.kind, "ping"))).toEqual([]);
  });

  it("refuses an antenna on a tier without vmauth service users, which never enters vmauth.yml", async () => {
    const bare = await addTier("r_0000000000000000001c", "Sans clé", false);
    const onBare = { ...fields, placeCode: "BARE-01", tierId: bare };
    expect(await registerAntenna(handle.db, admin, onBare, key)).toEqual({
      ok: false,
      reason: "antenna_tier_not_ready",
      fields: { tierId: "antenna_tier_not_ready" },
    });
    const registered = await registerAntenna(handle.db, admin, { ...onBare, tierId: squats }, key);
    if (!registered.ok) throw new Error(registered.reason);
    expect(await updateAntenna(handle.db, admin, registered.credential.antennaId, onBare)).toMatchObject({
      reason: "antenna_tier_not_ready",
    });
    await handle.db.update(tiers).set(newTierServicePasswords(key, bare)).where(eq(tiers.id, bare));
    expect(await updateAntenna(handle.db, admin, registered.credential.antennaId, onBare)).toEqual({
      ok: true,
      placeCode: "BARE-01",
    });
  });

  it("refuses the default instance, and a tier vmagent says it does not write, asking vmagent only on a move", async () => {
    const other = await addTier("r_0000000000000000001d", "Squats bis");
    const asked: string[] = [];
    const rules = {
      // Squats' instance (insertTierRows: the first is on :18000) is VICTORIA_METRICS_URL here, spelt otherwise.
      defaultInstanceUrl: "http://127.0.0.1:18000/api/v1/write",
      vmagentWrites: async (tierId: string) => {
        asked.push(tierId);
        return tierId !== other;
      },
    };
    const onDefault = { ...fields, placeCode: "DEF-01" };
    expect(await registerAntenna(handle.db, admin, onDefault, key, rules)).toEqual({
      ok: false,
      reason: "antenna_tier_is_default",
      fields: { tierId: "antenna_tier_is_default" },
    });
    const elsewhere = { ...rules, defaultInstanceUrl: "http://127.0.0.1:9999" };
    expect(await registerAntenna(handle.db, admin, { ...onDefault, tierId: other }, key, elsewhere)).toEqual({
      ok: false,
      reason: "antenna_tier_not_in_vmagent",
      fields: { tierId: "antenna_tier_not_in_vmagent" },
      values: { username: `vmagent-${other}` },
    });
    const registered = await registerAntenna(handle.db, admin, onDefault, key, elsewhere);
    if (!registered.ok) throw new Error(registered.reason);
    const id = registered.credential.antennaId;
    // An edit that keeps its tier never asks vmagent; a move to a tier vmagent does not write is refused.
    asked.length = 0;
    expect(await updateAntenna(handle.db, admin, id, { ...onDefault, notes: "Mât" }, elsewhere)).toMatchObject({
      ok: true,
    });
    expect(asked).toEqual([]);
    expect(await updateAntenna(handle.db, admin, id, { ...onDefault, tierId: other }, elsewhere)).toMatchObject({
      reason: "antenna_tier_not_in_vmagent",
    });
    expect(asked).toEqual([other]);
    expect((await row(id)).tierId).toBe(squats);
    // vmagent down or not configured: not refused on a guess (the sync run checks again).
    const unknown = { ...elsewhere, vmagentWrites: async () => "unknown" as const };
    const moved = await updateAntenna(handle.db, admin, id, { ...onDefault, tierId: other }, unknown);
    expect(moved, JSON.stringify(moved)).toMatchObject({ ok: true });
    expect(await revokeAntenna(handle.db, admin, id)).toMatchObject({ ok: true });
  });

  it("lets one of an antenna and a kind chosen for one empty tier at the same time in, never both", async () => {
    for (let round = 0; round < 8; round += 1) {
      const id = await addTier(`r_00000000000000000f${round.toString(16).padStart(2, "0")}`, `Course ${round}`);
      const [antenna, kind] = await Promise.all([
        registerAntenna(handle.db, admin, { ...fields, placeCode: `RACE-${round}`, tierId: id }, key),
        assignKindTier(handle.db, admin, "tcp", id),
      ]);
      expect([antenna.ok, kind.ok].filter(Boolean), `round ${round}`).toHaveLength(1);
      const [listed] = (await listTiers(handle.db, admin)).filter((tier) => tier.id === id);
      expect(listed!.holdsKinds && listed!.holdsAntennas, `round ${round}`).toBe(false);
      await assignKindTier(handle.db, admin, "tcp", null);
    }
  });
});

describe("registrations and rotations at the same time", () => {
  it("refuse a place code taken by a registration a moment ago with place_code_taken", async () => {
    const same = { ...fields, placeCode: "TWIN-01" };
    const answers = await Promise.all([1, 2, 3].map(() => registerAntenna(handle.db, admin, same, key)));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    for (const answer of answers.filter((answer) => !answer.ok))
      expect(answer).toEqual({ ok: false, reason: "place_code_taken", fields: { placeCode: "place_code_taken" } });
  });

  it("issue one credential per generation; a rotation that lost the race says so", async () => {
    const registered = await registerAntenna(handle.db, admin, { ...fields, placeCode: "ROT-01" }, key);
    if (!registered.ok) throw new Error(registered.reason);
    const id = registered.credential.antennaId;
    const answers = await Promise.all([1, 2, 3, 4].map(() => rotateAntennaCredential(handle.db, admin, id, 0, key)));
    const issued = answers.filter((answer) => answer.ok);
    for (const answer of answers.filter((answer) => !answer.ok))
      expect(answer).toEqual({ ok: false, reason: "antenna_rotated_meanwhile" });
    const stored = await row(id);
    expect(stored.generation).toBe(1 + issued.length);
    const newest = issued.find(
      (answer) => answer.ok && answer.credential.username === antennaUsername(id, stored.generation),
    );
    expect(newest).toBeDefined();
  });
});
