import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { antennas, members, targetKindTiers, tiers } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { setMemberLocale } from "@/lib/members/mutations";
import { findFreePort } from "@/lib/net/free-port";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { monitoringSyncs, testDatabase, testPage, testSession } from "@/lib/testing/session";
import { type Service, startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { assignKindTierAction, deleteTierAction, saveTierAction } from "./actions";
import { unsealTierServicePassword } from "./service-users";

// The actions run as the signed-in member, with the role the database gives them now (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));
vi.mock("next/cache", async () => (await import("@/lib/testing/session")).nextCacheStandIn());
vi.mock("@/lib/monitoring/runtime", async () => (await import("@/lib/testing/session")).monitoringRuntimeStandIn());
vi.mock("@/lib/i18n/page-locale", async () => (await import("@/lib/testing/session")).pageLocaleStandIn());

let handle: DbHandle;
let adminId: string;
let memberId: string;
let tierId: string;
const secretKey = randomBytes(32);
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};
const vpn = { name: "VPN/FFDN", retention: "6M", writeUrl: "http://127.0.0.1:8428", readUrl: "http://127.0.0.1:8428" };

beforeAll(async () => {
  vi.stubEnv("VIGIE_SECRET_KEY", secretKey.toString("base64"));
  resetEnvForTests();
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  adminId = (await seedMember(handle.db)).memberId;
  await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, adminId));
  memberId = (await seedMember(handle.db)).memberId;
  tierId = "r_0123456789abcdef0123";
  await handle.db.insert(tiers).values({ id: tierId, ...vpn });
  await handle.db.insert(targetKindTiers).values({ kind: "ping", tierId });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  await handle.close();
});
beforeEach(() => {
  monitoringSyncs.count = 0;
  testPage.locale = "fr";
});

async function unchanged() {
  expect(await handle.db.select({ id: tiers.id, retention: tiers.retention }).from(tiers)).toEqual([
    { id: tierId, retention: "6M" },
  ]);
  expect(await handle.db.select().from(targetKindTiers)).toEqual([{ kind: "ping", tierId }]);
  expect(monitoringSyncs.count).toBe(0);
}

describe("a member who is not an admin", () => {
  it("cannot add, edit or delete tiers, nor assign a kind, even as an admin demoted since signing in", async () => {
    const attempts = () =>
      Promise.all([
        saveTierAction(null, form({ ...vpn, name: "Mine" })),
        saveTierAction(null, form({ tierId, ...vpn, retention: "1d" })),
        deleteTierAction(null, form({ tierId })),
        assignKindTierAction(null, form({ kind: "ping", tierId: "" })),
      ]);
    testSession.memberId = memberId;
    for (const state of await attempts()) expect(state).toMatchObject({ ok: false, reason: "not_admin" });
    await unchanged();

    const demoted = (await seedMember(handle.db)).memberId;
    await handle.db.update(members).set({ isAdmin: true }).where(eq(members.id, demoted));
    testSession.memberId = demoted; // signed in as an admin, then demoted: the session still names them
    await handle.db.update(members).set({ isAdmin: false }).where(eq(members.id, demoted));
    for (const state of await attempts()) expect(state).toMatchObject({ ok: false, reason: "not_admin" });
    await unchanged();
  });
});

describe("an admin", () => {
  beforeEach(() => {
    testSession.memberId = adminId;
  });

  it("adds a tier with a sealed read password, gets typed fields back on a refusal (never the password), and syncs", async () => {
    expect(
      await saveTierAction(null, form({ ...vpn, name: "Squats", retention: "3 years", readPassword: "pw" })),
    ).toEqual({
      ok: false,
      reason: "tier_retention_invalid",
      fields: { retention: "tier_retention_invalid" },
      typed: { ...vpn, name: "Squats", retention: "3 years" },
    });
    expect(monitoringSyncs.count).toBe(0);
    expect(
      await saveTierAction(
        null,
        // Its own instance: one tier per VictoriaMetrics.
        form({
          ...vpn,
          name: "Squats",
          retention: "3y",
          writeUrl: "http://127.0.0.1:8429",
          readUsername: "portal",
          readPassword: "pw-1",
        }),
      ),
    ).toEqual({ ok: true, what: "saved", label: "Squats" });
    expect(monitoringSyncs.count).toBe(1);
    const [squats] = await handle.db.select().from(tiers).where(eq(tiers.name, "Squats"));
    expect(decryptSecret(secretKey, squats!.readPasswordSealed!, `tier:${squats!.id}`)).toBe("pw-1");
    // The action hands VIGIE_SECRET_KEY to the save: the tier's vmauth service users exist from its first save.
    expect(unsealTierServicePassword(secretKey, "writer", squats!.id, squats!.writerPasswordSealed!)).toHaveLength(43);
    expect(unsealTierServicePassword(secretKey, "reader", squats!.id, squats!.readerPasswordSealed!)).toHaveLength(43);
    expect(await deleteTierAction(null, form({ tierId: squats!.id }))).toEqual({
      ok: true,
      what: "deleted",
      label: "Squats",
    });
  });

  it("is refused deleting a tier kinds or antennas use, told which in their language, then deletes it once they move", async () => {
    await handle.db.insert(targetKindTiers).values({ kind: "tcp", tierId });
    // A revoked antenna still holds its tier: its series stay there.
    await handle.db.insert(antennas).values([
      { id: "a_00000000000000000001", placeCode: "BXL-07", tierId, saltSealed: "v1:x" },
      { id: "a_00000000000000000002", placeCode: "GNT-01", tierId, saltSealed: "v1:x", revokedAt: new Date() },
    ]);
    expect(await deleteTierAction(null, form({ tierId }))).toEqual({
      ok: false,
      reason: "tier_in_use",
      values: { uses: "Hôte (ping), Port TCP, antenne BXL-07, antenne GNT-01" },
    });
    // In the page's language: the admin's stored one is for the messages Vigie sends them.
    await setMemberLocale(handle.db, adminId, "en");
    expect(await deleteTierAction(null, form({ tierId }))).toMatchObject({
      values: { uses: "Hôte (ping), Port TCP, antenne BXL-07, antenne GNT-01" },
    });
    testPage.locale = "en";
    expect(await deleteTierAction(null, form({ tierId }))).toMatchObject({
      values: { uses: "Host (ping), TCP port, antenna BXL-07, antenna GNT-01" },
    });
    // A kind never joins antennas on a tier, revoked ones included; the refusal names them.
    expect(await assignKindTierAction(null, form({ kind: "vpn", tierId }))).toEqual({
      ok: false,
      reason: "tier_has_antennas",
      values: { uses: "antenna BXL-07, antenna GNT-01" },
    });
    await handle.db.delete(targetKindTiers).where(eq(targetKindTiers.kind, "tcp"));
    await handle.db.delete(antennas);
    expect(await deleteTierAction(null, form({ tierId: "not-an-id" }))).toMatchObject({ reason: "tier_not_found" });
    expect(await assignKindTierAction(null, form({ kind: "ufo", tierId }))).toMatchObject({ ok: false });
    expect(monitoringSyncs.count).toBe(0);
    expect(await assignKindTierAction(null, form({ kind: "ping", tierId: "" }))).toEqual({
      ok: true,
      what: "assigned",
      label: "ping",
    });
    expect(await deleteTierAction(null, form({ tierId }))).toMatchObject({ ok: true, label: "VPN/FFDN" });
    expect(monitoringSyncs.count).toBe(2);
  });
});

describe("choosing a tier for a kind, with vmagent running", () => {
  const written = "r_aaaaaaaaaaaaaaaaaaaa";
  const notWritten = "r_bbbbbbbbbbbbbbbbbbbb";
  let dir: string;
  let vmagent: Service | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "vigie-tier-vmagent-"));
    const scrape = path.join(dir, "scrape.yml");
    await writeFile(scrape, "scrape_configs: []\n");
    const port = await findFreePort();
    // The real vmagent, writing (nowhere reachable) as the first tier's user only.
    vmagent = startService(
      "vmagent",
      process.env.VMAGENT_BIN ?? "vmagent",
      [
        `-httpListenAddr=127.0.0.1:${port}`,
        `-promscrape.config=${scrape}`,
        "-remoteWrite.url=http://127.0.0.1:1/api/v1/write",
        `-remoteWrite.basicAuth.username=vmagent-${written}`,
        `-remoteWrite.tmpDataPath=${path.join(dir, "buffer")}`,
      ],
      { logDir: dir },
    );
    await waitForHealthy(vmagent, `http://127.0.0.1:${port}/health`);
    vi.stubEnv("VMAGENT_URL", `http://127.0.0.1:${port}`);
    resetEnvForTests();
    for (const id of [written, notWritten]) await handle.db.insert(tiers).values({ id, ...vpn, name: id });
  });
  afterAll(async () => {
    vi.stubEnv("VMAGENT_URL", "");
    resetEnvForTests();
    if (vmagent) await stopServices([vmagent]);
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    testSession.memberId = adminId;
  });

  it("refuses a tier vmagent has no remote write for, naming the user it lacks, and moves nothing", async () => {
    expect(await assignKindTierAction(null, form({ kind: "tcp", tierId: notWritten }))).toEqual({
      ok: false,
      reason: "tier_not_in_vmagent",
      values: { username: `vmagent-${notWritten}` },
    });
    expect(await handle.db.select().from(targetKindTiers).where(eq(targetKindTiers.kind, "tcp"))).toEqual([]);
    expect(monitoringSyncs.count).toBe(0);
  });

  it("takes a tier vmagent writes, and does not refuse on a guess while vmagent is down", async () => {
    expect(await assignKindTierAction(null, form({ kind: "tcp", tierId: written }))).toMatchObject({ ok: true });
    expect(await handle.db.select().from(targetKindTiers).where(eq(targetKindTiers.kind, "tcp"))).toEqual([
      { kind: "tcp", tierId: written },
    ]);
    await stopServices([vmagent!]);
    // vmagent down: the choice is not refused on a guess; the sync run checks and says so.
    expect(await assignKindTierAction(null, form({ kind: "tcp", tierId: notWritten }))).toMatchObject({ ok: true });
    expect(await assignKindTierAction(null, form({ kind: "tcp", tierId: "" }))).toMatchObject({ ok: true });
    expect(monitoringSyncs.count).toBe(3);
  });
});
