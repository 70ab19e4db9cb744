import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { antennas, targetKindTiers, tiers } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { adminScopeFor, memberScopeFor } from "@/lib/testing/scopes";
import { listKindTiers, listTiers } from "./data";
import { assignKindTier, deleteTier, saveTier } from "./mutations";
import { isRetentionPeriod } from "./schema";
import { tierServiceUsername, unsealTierServicePassword } from "./service-users";

let handle: DbHandle;
let admin: ReturnType<typeof adminScopeFor>;
const key = randomBytes(32);
const seal = (secret: string, tierId: string) => encryptSecret(key, secret, `tier:${tierId}`);
const squats = {
  name: "Squats",
  retention: "3y",
  writeUrl: "http://127.0.0.1:8428",
  readUrl: "http://127.0.0.1:8428",
};

beforeAll(async () => {
  handle = await createTestDatabase();
  admin = adminScopeFor((await seedMember(handle.db)).memberId);
});
afterAll(() => handle.close());

describe("retention periods", () => {
  it("are VictoriaMetrics' -retentionPeriod: a number and h, d, w, y, M or none, at least a day", () => {
    for (const good of ["3y", "6M", "6", "90d", "2w", "24h", "100y"]) expect(isRetentionPeriod(good)).toBe(true);
    for (const bad of ["", "0d", "12h", "3 y", "3m", "1.5y", "-1d", "3years", "y", "07d"])
      expect(isRetentionPeriod(bad), bad).toBe(false);
    expect(isRetentionPeriod("")).toBe(false);
  });
});

describe("saving a tier", () => {
  it("refuses what is not valid, naming each field", async () => {
    expect(
      await saveTier(
        handle.db,
        admin,
        null,
        { name: "", retention: "3 years", writeUrl: "ftp://x", readUrl: "" },
        seal,
      ),
    ).toMatchObject({
      ok: false,
      reason: "name_required",
      fields: {
        name: "name_required",
        retention: "tier_retention_invalid",
        writeUrl: "tier_url_invalid",
        readUrl: "read_url_required",
      },
    });
    expect(
      await saveTier(handle.db, admin, null, { ...squats, writeUrl: "http://user:pw@127.0.0.1:8428" }, seal),
    ).toMatchObject({ fields: { writeUrl: "url_credentials" } });
    expect(await saveTier(handle.db, admin, null, { ...squats, name: "bad\u0000" }, seal)).toMatchObject({
      fields: { name: "control_characters" },
    });
    expect(await saveTier(handle.db, admin, null, { ...squats, readPassword: "secret" }, seal)).toMatchObject({
      fields: { readUsername: "read_username_required" },
    });
    expect(
      await saveTier(handle.db, admin, null, { ...squats, readUsername: "portal", readPassword: "secret" }, null),
    ).toMatchObject({ fields: { readPassword: "tier_secret_key_missing" } });
    expect(await listTiers(handle.db, admin)).toEqual([]);
  });

  it("stores the read password sealed for this tier, never lists it, keeps it when left empty and refuses a taken name", async () => {
    const saved = await saveTier(
      handle.db,
      admin,
      null,
      { ...squats, readUsername: "portal", readPassword: "s3cret" },
      seal,
    );
    if (!saved.ok) throw new Error(saved.reason);
    const [row] = await handle.db.select().from(tiers).where(eq(tiers.id, saved.id));
    expect(row!.id).toMatch(/^r_[0-9a-f]{20}$/);
    expect(row!.readPasswordSealed).not.toContain("s3cret");
    expect(decryptSecret(key, row!.readPasswordSealed!, `tier:${saved.id}`)).toBe("s3cret");
    expect(() => decryptSecret(key, row!.readPasswordSealed!, "tier:r_other")).toThrow();
    const listed = await listTiers(handle.db, admin);
    expect(listed).toEqual([
      {
        id: saved.id,
        ...squats,
        readUsername: "portal",
        hasReadPassword: true,
        // Saved without VIGIE_SECRET_KEY: no vmauth users yet.
        hasServiceUsers: false,
        holdsKinds: false,
        holdsAntennas: false,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(row!.readPasswordSealed!);

    expect(
      await saveTier(handle.db, admin, saved.id, { ...squats, retention: "5y", readUsername: "portal" }, seal),
    ).toMatchObject({
      ok: true,
    });
    const [edited] = await handle.db.select().from(tiers).where(eq(tiers.id, saved.id));
    expect(edited).toMatchObject({ retention: "5y", readPasswordSealed: row!.readPasswordSealed });

    expect(await saveTier(handle.db, admin, saved.id, { ...squats, retention: "5y" }, seal)).toMatchObject({
      ok: true,
    });
    const [cleared] = await handle.db.select().from(tiers).where(eq(tiers.id, saved.id));
    expect(cleared).toMatchObject({ readUsername: null, readPasswordSealed: null });

    expect(await saveTier(handle.db, admin, null, { ...squats, retention: "6M" }, seal)).toMatchObject({
      ok: false,
      fields: { name: "tier_name_taken" },
    });
    expect(
      await saveTier(
        handle.db,
        admin,
        "r_00000000000000000000",
        { ...squats, name: "Gone", writeUrl: "http://127.0.0.1:9999" },
        seal,
      ),
    ).toMatchObject({
      ok: false,
      reason: "tier_not_found",
    });
    await handle.db.delete(tiers);
  });
});

describe("a tier's vmauth service users", () => {
  const stored = async (id: string) => {
    const [row] = await handle.db
      .select({ writer: tiers.writerPasswordSealed, reader: tiers.readerPasswordSealed })
      .from(tiers)
      .where(eq(tiers.id, id));
    return row!;
  };

  it("are generated sealed with their own context on the first save with the key, and never changed by an edit", async () => {
    const saved = await saveTier(handle.db, admin, null, squats, seal, key);
    if (!saved.ok) throw new Error("seed");
    const first = await stored(saved.id);
    const writer = unsealTierServicePassword(key, "writer", saved.id, first.writer!);
    const reader = unsealTierServicePassword(key, "reader", saved.id, first.reader!);
    expect(writer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reader).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(writer).not.toBe(reader);
    // Each role's ciphertext opens only under its own context, and not under the read password's.
    expect(() => unsealTierServicePassword(key, "reader", saved.id, first.writer!)).toThrow();
    expect(() => decryptSecret(key, first.writer!, `tier:${saved.id}`)).toThrow();
    expect(tierServiceUsername("writer", saved.id)).toBe(`vmagent-${saved.id}`);
    expect(tierServiceUsername("reader", saved.id)).toBe(`reader-${saved.id}`);

    expect(await saveTier(handle.db, admin, saved.id, { ...squats, retention: "5y" }, seal, key)).toMatchObject({
      ok: true,
    });
    expect(await stored(saved.id)).toEqual(first);
    await handle.db.delete(tiers);
  });

  it("are left absent without the key, and generated by the first save that has it", async () => {
    const saved = await saveTier(handle.db, admin, null, squats, null);
    if (!saved.ok) throw new Error("seed");
    expect(await stored(saved.id)).toEqual({ writer: null, reader: null });
    await saveTier(handle.db, admin, saved.id, squats, seal, key);
    const generated = await stored(saved.id);
    expect(unsealTierServicePassword(key, "writer", saved.id, generated.writer!)).toHaveLength(43);
    expect(unsealTierServicePassword(key, "reader", saved.id, generated.reader!)).toHaveLength(43);
    // Only the missing one is filled in: a stored writer password survives while the reader's is regenerated.
    await handle.db.update(tiers).set({ readerPasswordSealed: null }).where(eq(tiers.id, saved.id));
    await saveTier(handle.db, admin, saved.id, squats, seal, key);
    const refilled = await stored(saved.id);
    expect(refilled.writer).toBe(generated.writer);
    expect(refilled.reader).not.toBeNull();
    await handle.db.delete(tiers);
  });
});

describe("one tier per VictoriaMetrics instance", () => {
  it("refuses a second tier on an instance, however its URL is written, and an antenna tier moved onto the default instance", async () => {
    const first = await saveTier(
      handle.db,
      admin,
      null,
      { ...squats, writeUrl: "http://127.0.0.1:8431/api/v1/write" },
      seal,
    );
    if (!first.ok) throw new Error(first.reason);
    expect(
      await saveTier(handle.db, admin, null, { ...squats, name: "Twin", writeUrl: "http://127.0.0.1:8431/" }, seal),
    ).toMatchObject({ ok: false, fields: { writeUrl: "tier_instance_taken" } });
    const other = await saveTier(
      handle.db,
      admin,
      null,
      { ...squats, name: "Other", writeUrl: "http://127.0.0.1:8432" },
      seal,
    );
    if (!other.ok) throw new Error(other.reason);
    // Editing one onto the other's instance is refused too; keeping its own is not.
    expect(
      await saveTier(handle.db, admin, other.id, { ...squats, name: "Other", writeUrl: "http://127.0.0.1:8431" }, seal),
    ).toMatchObject({ fields: { writeUrl: "tier_instance_taken" } });
    expect(
      await saveTier(handle.db, admin, other.id, { ...squats, name: "Other", writeUrl: "http://127.0.0.1:8432" }, seal),
    ).toMatchObject({ ok: true });
    // A tier holding an antenna never moves onto the default instance (the hub's own series); an empty one may.
    const rules = { defaultInstanceUrl: "http://127.0.0.1:8428" };
    await handle.db.insert(antennas).values({
      id: "a_00000000000000000001",
      placeCode: "ONE-01",
      tierId: other.id,
      saltSealed: "unused",
      passwordSealed: "unused",
    });
    expect(
      await saveTier(
        handle.db,
        admin,
        other.id,
        { ...squats, name: "Other", writeUrl: "http://127.0.0.1:8428" },
        seal,
        null,
        rules,
      ),
    ).toMatchObject({ fields: { writeUrl: "antenna_tier_is_default" } });
    expect(
      await saveTier(handle.db, admin, first.id, { ...squats, writeUrl: "http://127.0.0.1:8428" }, seal, null, rules),
    ).toMatchObject({ ok: true });
    await handle.db.delete(antennas);
    await handle.db.delete(tiers);
  });
});

describe("assigning kinds and deleting tiers", () => {
  it("refuses deleting a tier a target kind uses, naming the kinds; deletes it once none does", async () => {
    const vpn = await saveTier(handle.db, admin, null, { ...squats, name: "VPN/FFDN", retention: "6M" }, seal);
    const vps = await saveTier(
      handle.db,
      admin,
      null,
      { ...squats, name: "VPS", retention: "1y", writeUrl: "http://127.0.0.1:8430" },
      seal,
    );
    if (!vpn.ok || !vps.ok) throw new Error("seed");
    for (const kind of ["ping", "brick", "tcp"] as const)
      expect(await assignKindTier(handle.db, admin, kind, vpn.id)).toEqual({ ok: true, kind });
    expect(await assignKindTier(handle.db, admin, "vps", vps.id)).toEqual({ ok: true, kind: "vps" });
    expect((await listTiers(handle.db, admin)).map((tier) => [tier.name, tier.holdsKinds])).toEqual([
      ["VPN/FFDN", true],
      ["VPS", true],
    ]);
    expect(await assignKindTier(handle.db, admin, "vpn", "r_00000000000000000000")).toMatchObject({
      reason: "tier_not_found",
    });

    expect(await deleteTier(handle.db, admin, vpn.id)).toEqual({
      ok: false,
      reason: "tier_in_use",
      usedBy: ["brick", "ping", "tcp"],
      antennas: [],
    });
    // Moving a kind replaces its choice; clearing it removes it.
    expect(await assignKindTier(handle.db, admin, "ping", vps.id)).toMatchObject({ ok: true });
    expect(await assignKindTier(handle.db, admin, "brick", null)).toMatchObject({ ok: true });
    expect(await listKindTiers(handle.db, admin)).toEqual([
      { kind: "ping", tierId: vps.id },
      { kind: "tcp", tierId: vpn.id },
      { kind: "vps", tierId: vps.id },
    ]);
    expect(await deleteTier(handle.db, admin, vpn.id)).toMatchObject({ usedBy: ["tcp"] });
    await assignKindTier(handle.db, admin, "tcp", vps.id);
    expect(await deleteTier(handle.db, admin, vpn.id)).toEqual({ ok: true, name: "VPN/FFDN" });
    expect(await deleteTier(handle.db, admin, vpn.id)).toMatchObject({ ok: false, reason: "tier_not_found" });
    expect((await listTiers(handle.db, admin)).map((tier) => tier.name)).toEqual(["VPS"]);
    await handle.db.delete(targetKindTiers);
    await handle.db.delete(tiers);
  });
});

describe("the tier mutations", () => {
  it("take an admin scope, which a member's scope is not (the type checker refuses it)", () => {
    const member = memberScopeFor("m_00000000000000000000");
    // @ts-expect-error a MemberScope is not an AdminScope
    const attempt = () => deleteTier(handle.db, member, "r_00000000000000000000");
    // @ts-expect-error nor is a bare id
    const another = () => assignKindTier(handle.db, { adminId: "m_00000000000000000000" }, "vps", null);
    expect([attempt, another]).toHaveLength(2);
  });
});
