import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/admin/antennas/[antennaId]/bundle/route";
import { encryptSecret } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { antennas, members, tiers } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMember } from "@/lib/testing/relay/seed";
import { testDatabase, testSession } from "@/lib/testing/session";

// The route runs as the signed-in member, with the role the database gives them now (`currentViewer()`).
vi.mock("next-auth", async () => (await import("@/lib/testing/session")).nextAuthWithTestSession());
vi.mock("@/lib/db/client", async (original) => (await import("@/lib/testing/session")).testDbClient(original));

let handle: DbHandle;
let adminId: string;
let memberId: string;
const secretKey = randomBytes(32);
const salt = randomBytes(32).toString("base64url");
const active = "a_active0000000000000001";
const revoked = "a_revoked000000000000001";
const passwordless = "a_nopassword0000000000001";
const writeUrl = "https://antennas.vigie.example";

const seal = (id: string, value: string, context: string) => encryptSecret(secretKey, value, `${context}:${id}`);

beforeAll(async () => {
  vi.stubEnv("VIGIE_SECRET_KEY", secretKey.toString("base64"));
  vi.stubEnv("ANTENNA_WRITE_URL", writeUrl);
  resetEnvForTests();
  handle = await createTestDatabase();
  testDatabase.handle = handle;
  adminId = (await seedMember(handle.db)).memberId;
  await handle.db.update(members).set({ isAdmin: true, locale: "nl" }).where(eq(members.id, adminId));
  memberId = (await seedMember(handle.db)).memberId;
  const tierId = "r_squats00000000000001";
  const url = "http://127.0.0.1:8428";
  await handle.db.insert(tiers).values({ id: tierId, name: "squats", retention: "3y", writeUrl: url, readUrl: url });
  await handle.db.insert(antennas).values([
    {
      id: active,
      placeCode: "SQ-07",
      tierId,
      generation: 3,
      passwordSealed: seal(active, "the-password-shown-once", "antenna-credential"),
      saltSealed: seal(active, salt, "antenna-salt"),
    },
    {
      id: revoked,
      placeCode: "SQ-08",
      tierId,
      saltSealed: seal(revoked, randomBytes(32).toString("base64url"), "antenna-salt"),
      revokedAt: new Date(),
    },
    // Inconsistent (no password, not marked revoked): no usable credential either.
    {
      id: passwordless,
      placeCode: "SQ-09",
      tierId,
      saltSealed: seal(passwordless, randomBytes(32).toString("base64url"), "antenna-salt"),
    },
  ]);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  resetEnvForTests();
  await handle.close();
});

const download = (antennaId: string, query = "") =>
  GET(new Request(`http://localhost/api/admin/antennas/${antennaId}/bundle${query}`), {
    params: Promise.resolve({ antennaId }),
  });

/** The archive's members as `tar` lists them, and one file's text. */
function unpack(archive: Buffer, name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "vigie-bundle-route-"));
  try {
    const file = path.join(dir, "bundle.tar.gz");
    writeFileSync(file, archive);
    const list = execFileSync("tar", ["-tzf", file], { encoding: "utf8" }).trim().split("\n");
    const text = execFileSync("tar", ["-xzOf", file, name], { encoding: "utf8" });
    return { list, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("GET /api/admin/antennas/[antennaId]/bundle", () => {
  it("gives an admin the antenna's archive as an uncached attachment, install note in the asked language", async () => {
    testSession.memberId = adminId;
    const response = await download(active, "?locale=fr");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="vigie-antenna-${active}.tar.gz"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toBe("application/gzip");
    const archive = Buffer.from(await response.arrayBuffer());
    const folder = `vigie-antenna-${active}`;
    const { list, text } = unpack(archive, `${folder}/INSTALL.md`);
    expect(list).toEqual([
      `${folder}/`,
      `${folder}/INSTALL.md`,
      `${folder}/telegraf.conf`,
      `${folder}/vigie-telegraf`,
      `${folder}/vigie-stations`,
    ]);
    expect(text).toContain("Après une rotation");
    const conf = unpack(archive, `${folder}/telegraf.conf`).text;
    expect(conf).toContain(`username = "antenna-${active}-g3"`);
    expect(conf).toContain(`url = "${writeUrl}/api/v1/write"`);
    expect(gunzipSync(archive).toString("utf8")).not.toContain("the-password-shown-once");
    expect(conf).toContain('password = "${VIGIE_ANTENNA_PASSWORD}"');
    expect(unpack(archive, `${folder}/vigie-stations`).text).toContain(`SALT='${salt}'`);
    // Without `?locale`, the admin's own language (nl here).
    const own = Buffer.from(await (await download(active)).arrayBuffer());
    expect(unpack(own, `${folder}/INSTALL.md`).text).toContain("Na een rotatie");
  });

  it("refuses a member, and says so in their language; answers 401 without a session", async () => {
    testSession.memberId = memberId;
    const response = await download(active);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Seul·e un·e admin peut faire cela.\n");
    testSession.memberId = null;
    expect((await download(active)).status).toBe(401);
  });

  it("refuses a revoked antenna (409) and an unknown one (404), with a sentence", async () => {
    testSession.memberId = adminId;
    const refusedRevoked = await download(revoked, "?locale=en");
    expect(refusedRevoked.status).toBe(409);
    expect(refusedRevoked.headers.get("content-disposition")).toBeNull();
    expect(await refusedRevoked.text()).toBe("This antenna was revoked: its bundle can no longer be downloaded.\n");
    expect((await download(passwordless)).status).toBe(409);
    const unknown = await download("a_unknown", "?locale=en");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("This antenna does not exist.\n");
  });

  it.each(["ANTENNA_WRITE_URL", "VIGIE_SECRET_KEY"])("says what is missing when %s is not set", async (name) => {
    testSession.memberId = adminId;
    const kept = process.env[name]!;
    vi.stubEnv(name, "");
    resetEnvForTests();
    try {
      const response = await download(active, "?locale=en");
      expect(response.status).toBe(503);
      expect(await response.text()).toContain(name);
    } finally {
      vi.stubEnv(name, kept);
      resetEnvForTests();
    }
  });
});
