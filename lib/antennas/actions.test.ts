import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { antennas, members, targetKindTiers, tiers } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { monitoringSyncs, testDatabase, testPage, testSession } from "@/lib/testing/session";
import { newTierServicePasswords } from "@/lib/tiers/service-users";
import { revokeAntennaAction, rotateAntennaAction, saveAntennaAction } from "./actions";
import { antennaUsername, unsealPassword } from "./credentials";

// The actions run as the signed-in member, with the role the database gives them now (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());
vi.mock("@/lib/i18n/page-locale", async () => (await import("@/lib/testing/session")).pageLocaleStandIn());

let handle: DbHandle;
let adminId: string;
let memberId: string;
const tierId = "r_0123456789abcdef0123";
const antennaId = "a_0123456789abcdef0123";
const secretKey = randomBytes(32);
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const fields = { placeCode: "BXL-07", tierId, notes: "Sur le toit", noClientHours: "12" };

beforeAll(async () => {
  vi.stubEnv("VIGIE_SECRET_KEY", secretKey.toString("base64"));
  resetEnvForTests();
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  adminId = (await seedMember(handle.db)).memberId;
  await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, adminId));
  memberId = (await seedMember(handle.db)).memberId;
  await handle.db.insert(tiers).values({
    id: tierId,
    name: "Squats",
    retention: "3y",
    writeUrl: "http://x:8428",
    readUrl: "http://x:8428",
    ...newTierServicePasswords(secretKey, tierId),
  });
  await handle.db
    .insert(antennas)
    .values({ id: antennaId, placeCode: "GNT-01", tierId, passwordSealed: "v1:sealed", saltSealed: "v1:salt" });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  await handle.close();
});
beforeEach(() => {
  monitoringSyncs.count = 0;
});

const stored = async () =>
  handle.db
    .select({ placeCode: antennas.placeCode, generation: antennas.generation, revokedAt: antennas.revokedAt })
    .from(antennas)
    .orderBy(antennas.placeCode);

describe("someone who is not an admin", () => {
  const attempts = () =>
    Promise.all([
      saveAntennaAction(null, form(fields)),
      saveAntennaAction(null, form({ antennaId, ...fields, placeCode: "MINE" })),
      rotateAntennaAction(null, form({ antennaId, grace: "none" })),
      revokeAntennaAction(null, form({ antennaId })),
    ]);
  const unchanged = async () => {
    expect(await stored()).toEqual([{ placeCode: "GNT-01", generation: 1, revokedAt: null }]);
    expect(monitoringSyncs.count).toBe(0);
  };

  it("is refused every antenna action as a member, not_admin, and nothing changes", async () => {
    testSession.memberId = memberId;
    for (const state of await attempts()) expect(state).toMatchObject({ ok: false, reason: "not_admin" });
    await unchanged();
  });

  it("is refused without a session (the hub's wrapper says not_admin to both), and nothing changes", async () => {
    testSession.memberId = null;
    for (const state of await attempts()) expect(state).toMatchObject({ ok: false, reason: "not_admin" });
    await unchanged();
  });
});

describe("an admin", () => {
  beforeEach(() => {
    testSession.memberId = adminId;
  });

  it("is told what personal data was found, keeps what was typed, then registers and gets the credential once", async () => {
    expect(await saveAntennaAction(null, form({ ...fields, notes: "Contact : jean@example.be" }))).toEqual({
      ok: false,
      reason: "personal_data_email",
      fields: { notes: "personal_data_email" },
      typed: { ...fields, notes: "Contact : jean@example.be" },
    });
    expect(monitoringSyncs.count).toBe(0);

    const registered = await saveAntennaAction(null, form(fields));
    if (!registered.ok || !registered.credential) throw new Error("not registered");
    expect(registered).toMatchObject({ what: "registered", label: "BXL-07" });
    const { antennaId: id, username, password } = registered.credential;
    expect(username).toBe(antennaUsername(id, 1));
    const [row] = await handle.db.select().from(antennas).where(eq(antennas.id, id));
    expect(unsealPassword(secretKey, id, row!.passwordSealed!)).toBe(password);
    expect(monitoringSyncs.count).toBe(1);

    expect(await saveAntennaAction(null, form({ antennaId: id, ...fields, noClientHours: "48" }))).toEqual({
      ok: true,
      what: "saved",
      label: "BXL-07",
    });
    expect(monitoringSyncs.count).toBe(2);
  });

  it("rotates with the grace chosen, revokes, and is refused anything on a revoked antenna", async () => {
    expect(await rotateAntennaAction(null, form({ antennaId, grace: "30d" }))).toEqual({
      ok: false,
      reason: "antenna_grace_invalid",
    });
    expect(await rotateAntennaAction(null, form({ antennaId: "nope", grace: "1h" }))).toEqual({
      ok: false,
      reason: "antenna_not_found",
    });
    const before = Date.now();
    const rotated = await rotateAntennaAction(null, form({ antennaId, grace: "1h" }));
    if (!rotated.ok || !rotated.credential) throw new Error("not rotated");
    expect(rotated).toMatchObject({ what: "rotated", label: "GNT-01" });
    expect(rotated.credential.username).toBe(antennaUsername(antennaId, 2));
    const [row] = await handle.db.select().from(antennas).where(eq(antennas.id, antennaId));
    expect(row!.previousPasswordSealed).toBe("v1:sealed");
    expect(row!.previousValidUntil!.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(row!.previousValidUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);

    expect(await revokeAntennaAction(null, form({ antennaId }))).toEqual({
      ok: true,
      what: "revoked",
      label: "GNT-01",
    });
    expect(monitoringSyncs.count).toBe(2);
    expect(await revokeAntennaAction(null, form({ antennaId }))).toEqual({ ok: false, reason: "antenna_revoked" });
    expect(await rotateAntennaAction(null, form({ antennaId, grace: "none" }))).toEqual({
      ok: false,
      reason: "antenna_revoked",
    });
    expect(await saveAntennaAction(null, form({ antennaId, ...fields, placeCode: "GNT-02" }))).toMatchObject({
      ok: false,
      reason: "antenna_revoked",
    });
    expect(monitoringSyncs.count).toBe(2);
  });

  it("is told which kinds a tier holds, in the page's language, when it is chosen for an antenna", async () => {
    const probes = "r_0123456789abcdef0124";
    await handle.db.insert(tiers).values({
      id: probes,
      name: "VPN/FFDN",
      retention: "6M",
      writeUrl: "http://x:8428",
      readUrl: "http://x:8428",
      ...newTierServicePasswords(secretKey, probes),
    });
    await handle.db.insert(targetKindTiers).values([
      { kind: "vpn", tierId: probes },
      { kind: "ping", tierId: probes },
    ]);
    const onProbes = { ...fields, placeCode: "MIX-01", tierId: probes };
    expect(await saveAntennaAction(null, form(onProbes))).toEqual({
      ok: false,
      reason: "antenna_tier_has_kinds",
      fields: { tierId: "antenna_tier_has_kinds" },
      values: { uses: "Hôte (ping), Lien VPN" },
      typed: onProbes,
    });
    testPage.locale = "nl";
    expect(await saveAntennaAction(null, form(onProbes))).toMatchObject({
      values: { uses: "Host (ping), VPN-verbinding" },
    });
    testPage.locale = "fr";
    expect(monitoringSyncs.count).toBe(0);
    expect(await stored()).not.toContainEqual(expect.objectContaining({ placeCode: "MIX-01" }));
  });
});
