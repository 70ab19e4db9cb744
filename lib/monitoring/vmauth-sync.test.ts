import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { revokeAntenna, rotateAntennaCredential } from "@/lib/antennas/mutations";
import type { DbHandle } from "@/lib/db/client";
import { antennas, tiers } from "@/lib/db/schema";
import { findFreePort } from "@/lib/net/free-port";
import { addAntenna, createTier, succeeded, testAdmin } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { sampleAlertmanagerOptions } from "@/lib/testing/monitoring/fixtures";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { findNextCredentialExpiry, loadVmauthUsers } from "./data";
import { createMonitoringSync } from "./monitoring-sync";
import { vmauthFile } from "./render-vmauth";
import { victoriaMetricsBaseUrl } from "./snapshot";
import { checkVmauthConfig, redactVmauthOutput, vmauthProbes } from "./vmauth-service";

let handle: DbHandle;
let tmp: string;
const key = randomBytes(32);

beforeAll(async () => {
  handle = await createTestDatabase();
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-vmauth-sync-"));
});
afterAll(async () => {
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});
afterEach(async () => {
  await handle.db.delete(antennas);
  await handle.db.delete(tiers);
});

describe("vmauth's users loaded from the database", () => {
  it("are absent without a tier that has service users; a tier saved without the key stays out", async () => {
    expect(await loadVmauthUsers(handle.db, key, new Date())).toBeNull();
    await createTier(handle.db, { writeUrl: "http://127.0.0.1:1" });
    expect(await loadVmauthUsers(handle.db, key, new Date())).toBeNull();
    // Nothing to open: no key needed either.
    expect(await loadVmauthUsers(handle.db, undefined, new Date())).toBeNull();
  });

  it("hold each tier's service users and its live antennas, the previous password only while valid", async () => {
    const tier = await createTier(handle.db, { writeUrl: "http://127.0.0.1:8428/api/v1/write", key });
    const live = await addAntenna(handle.db, key, { tierId: tier.id });
    const revoked = await addAntenna(handle.db, key, { tierId: tier.id });
    expect(await revokeAntenna(handle.db, testAdmin, revoked.id)).toMatchObject({ ok: true });
    const rotated = await addAntenna(handle.db, key, { tierId: tier.id });
    const now = new Date();
    const current = succeeded(await rotateAntennaCredential(handle.db, testAdmin, rotated.id, 60_000, key, now));
    const validUntil = new Date(now.getTime() + 60_000);

    const users = await loadVmauthUsers(handle.db, key, now);
    expect(users?.tiers).toEqual([
      {
        id: tier.id,
        name: tier.name,
        victoriaMetricsUrl: "http://127.0.0.1:8428",
        writer: tier.writer,
        reader: tier.reader,
      },
    ]);
    const byId = new Map(users!.antennas.map((antenna) => [antenna.id, antenna]));
    expect([...byId.keys()].sort()).toEqual([live.id, rotated.id].sort());
    expect(byId.get(live.id)).toEqual({
      id: live.id,
      tierId: tier.id,
      username: live.username,
      password: live.password,
    });
    expect(byId.get(rotated.id)).toEqual({
      id: rotated.id,
      tierId: tier.id,
      username: current.credential.username,
      password: current.credential.password,
      previous: { username: rotated.username, password: rotated.password, validUntil },
    });
    expect(rotated.username).toBe(`antenna-${rotated.id}-g1`);
    expect(current.credential.username).toBe(`antenna-${rotated.id}-g2`);

    // At the end of the grace period the previous generation is gone.
    const after = await loadVmauthUsers(handle.db, key, new Date(validUntil.getTime() + 1));
    expect(after!.antennas.find((antenna) => antenna.id === rotated.id)?.previous).toBeUndefined();

    expect(await findNextCredentialExpiry(handle.db, now)).toEqual(validUntil);
    expect(await findNextCredentialExpiry(handle.db, validUntil)).toBeNull();

    await expect(loadVmauthUsers(handle.db, undefined, now)).rejects.toThrow(/VIGIE_SECRET_KEY/);
    // A row that does not open (here: another antenna's ciphertext) is left out, the others stay.
    const [liveRow] = await handle.db.select().from(antennas).where(eq(antennas.id, live.id));
    await handle.db
      .update(antennas)
      .set({ passwordSealed: liveRow!.passwordSealed })
      .where(eq(antennas.id, rotated.id));
    const unopened: string[] = [];
    const damaged = await loadVmauthUsers(handle.db, key, now, unopened);
    expect(damaged!.antennas.map((antenna) => antenna.id)).toEqual([live.id]);
    expect(unopened).toEqual([`antenna ${rotated.id}`]);
    // Another key opens no tier: nothing for vmauth, and every tier named.
    const none: string[] = [];
    expect(await loadVmauthUsers(handle.db, randomBytes(32), now, none)).toBeNull();
    expect(none).toEqual([`tier ${tier.id}`]);
  });

  it("take the VictoriaMetrics a tier's write URL names, full remote-write URL or base URL", () => {
    expect(victoriaMetricsBaseUrl("http://vm.example:8428/api/v1/write")).toBe("http://vm.example:8428");
    expect(victoriaMetricsBaseUrl("https://vm.example/")).toBe("https://vm.example");
    expect(victoriaMetricsBaseUrl("https://vm.example/tier-a/api/v1/write/")).toBe("https://vm.example/tier-a");
  });
});

describe("checking a candidate vmauth.yml with a throwaway vmauth", () => {
  const user = (username: string, password: string) =>
    `  - username: ${username}\n    password: ${password}\n    url_map:\n      - src_paths: ["/api/v1/write"]\n        url_prefix: "http://127.0.0.1:1"\n`;

  it("accepts a file vmauth starts on, and refuses a repeated username without echoing a password", async () => {
    const file = path.join(tmp, "candidate.yml");
    const good = `users:\n${user("antenna-a_1-g1", "first-secret-password")}`;
    await writeFile(file, good);
    expect(await checkVmauthConfig("vmauth", file, good)).toEqual({ ok: true });

    const repeated = `users:\n${user("antenna-a_1-g1", "first-secret-password")}${user("antenna-a_1-g1", "second-secret-password")}`;
    await writeFile(file, repeated);
    const refused = await checkVmauthConfig("vmauth", file, repeated);
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("duplicate username") });
    expect(JSON.stringify(refused)).not.toMatch(/secret-password/);

    await writeFile(file, "users: []\n");
    expect(await checkVmauthConfig("vmauth", file, "users: []\n")).toMatchObject({
      ok: false,
      error: expect.stringContaining("cannot be empty"),
    });
  });
});

describe("vmauth's output on a refused file", () => {
  it("loses every password of the file, any Basic credential, and the rest of an unparsable file's line", () => {
    const file = "users:\n  - username: a\n    password: short\n  - username: b\n    password: shortest-one\n";
    expect(
      redactVmauthOutput("fatal\tcannot use short or shortest-one; got Basic YTpzaG9ydA== from a request", file),
    ).toBe("fatal\tcannot use *** or ***; got Basic *** from a request");
    expect(redactVmauthOutput('cannot parse "vmauth.yml": yaml: line 3: password: s3cret', "users: [")).toBe(
      'cannot parse "vmauth.yml": …',
    );
  });
});

describe("what proves vmauth runs the written file", () => {
  const file = (users: [string, string][]) =>
    JSON.stringify({
      users: users.map(([username, password]) => ({
        username,
        password,
        url_map: [
          { src_paths: username.startsWith("reader") ? ["/api/v1/query", "/api/v1/labels"] : ["/api/v1/write"] },
        ],
      })),
    });

  it("is the added credentials passing and the removed ones refused; all of them when nothing changed", () => {
    const before = file([
      ["reader-r_1", "r"],
      ["antenna-a_1-g1", "x"],
      ["antenna-a_2-g1", "y"],
    ]);
    const after = file([
      ["reader-r_1", "r"],
      ["antenna-a_1-g2", "x2"],
      ["antenna-a_1-g1", "x"],
    ]);
    expect(vmauthProbes(before, after)).toEqual([
      { username: "antenna-a_1-g2", password: "x2", path: "/api/v1/write", accept: true },
      { username: "antenna-a_2-g1", password: "y", path: "/api/v1/write", accept: false },
    ]);
    expect(vmauthProbes(after, after)).toEqual([
      { username: "reader-r_1", password: "r", path: "/api/v1/labels", accept: true },
      { username: "antenna-a_1-g2", password: "x2", path: "/api/v1/write", accept: true },
      { username: "antenna-a_1-g1", password: "x", path: "/api/v1/write", accept: true },
    ]);
    expect(vmauthProbes(null, after)).toHaveLength(3);
  });
});

describe("the monitoring sync's expiry timer", () => {
  it("runs a sync when the earliest grace period ends, then re-arms on the next one", async () => {
    const start = Date.now();
    const expiries = [new Date(start + 300), new Date(start + 600)];
    const runs: number[] = [];
    const sync = createMonitoringSync({
      apply: async () => {
        runs.push(Date.now() - start);
        return { result: "applied" };
      },
      nextExpiry: async () => expiries.find((at) => at.getTime() > Date.now()) ?? null,
    });
    await sync.request();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sync.stop();
    expect(runs).toHaveLength(3);
    expect(runs[1]).toBeGreaterThanOrEqual(300);
    expect(runs[2]).toBeGreaterThanOrEqual(600);
  });
});

describe("the monitoring sync's retry after a failed run", () => {
  it("tries again after a doubling delay, and stops once a run succeeds", async () => {
    const start = Date.now();
    const runs: number[] = [];
    const results = ["failed", "failed", "failed", "applied"];
    const sync = createMonitoringSync({
      apply: async () => {
        runs.push(Date.now() - start);
        return { result: results[runs.length - 1] ?? "applied" };
      },
      nextExpiry: async () => null,
      retry: { firstMs: 100, maxMs: 300 },
    });
    await sync.request();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    sync.stop();
    // 0, then +100, +200, +300 (capped): the fourth run succeeds and nothing is armed after it.
    expect(runs).toHaveLength(4);
    expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(100);
    expect(runs[2]! - runs[1]!).toBeGreaterThanOrEqual(200);
    expect(runs[3]! - runs[2]!).toBeGreaterThanOrEqual(300);
    expect(runs[3]! - runs[2]!).toBeLessThan(600);
  });

  it("counts a run that throws as failed", async () => {
    let calls = 0;
    const sync = createMonitoringSync({
      apply: async () => {
        calls += 1;
        if (calls === 1) throw new Error("database gone");
        return { result: "applied" };
      },
      nextExpiry: async () => null,
      retry: { firstMs: 50, maxMs: 50 },
    });
    await sync.request();
    await new Promise((resolve) => setTimeout(resolve, 400));
    sync.stop();
    expect(calls).toBe(2);
  });
});

describe("applying with tiers", () => {
  // Something answering HTTP where a tier's VictoriaMetrics would be: the sync only asks whether one is there.
  let instance: { url: string; close(): Promise<void> };
  let closedPort: number;
  beforeEach(async () => {
    const server = createServer((_request, response) => response.writeHead(200).end("OK"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    let open = true;
    instance = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: async () => {
        if (open) await new Promise((resolve) => server.close(resolve));
        open = false;
      },
    };
    closedPort = await findFreePort();
  });
  afterEach(() => instance.close());

  const config = (configDir: string, secretKey?: Buffer): MonitoringConfig => ({
    configDir,
    amtoolBin: process.env.AMTOOL_BIN ?? "amtool",
    vmalertBin: process.env.VMALERT_BIN ?? "vmalert",
    webhookUrl: sampleAlertmanagerOptions.webhookUrl,
    webhookToken: sampleAlertmanagerOptions.webhookToken,
    timings: sampleAlertmanagerOptions.timings,
    secretKey,
  });

  it("writes no vmauth.yml without a tier, a 0600 one with, and fails naming the key when it is missing", async () => {
    const configDir = await mkdtemp(path.join(tmp, "apply-"));
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
    await expect(stat(path.join(configDir, vmauthFile))).rejects.toThrow(/ENOENT/);

    const tier = await createTier(handle.db, { writeUrl: instance.url, key });
    const antenna = await addAntenna(handle.db, key, { tierId: tier.id });
    // The tier's first antenna also brings its alert rules (render-antenna-rules.ts): vmauth.yml is this test's.
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({
      result: "applied",
      changedFiles: expect.arrayContaining([vmauthFile]),
    });
    const written = await readFile(path.join(configDir, vmauthFile), "utf8");
    expect(written).toContain(antenna.username);
    expect(written).toContain(antenna.password);
    expect((await stat(path.join(configDir, vmauthFile))).mode & 0o777).toBe(0o600);

    const failed = await applyMonitoringConfig(handle.db, config(configDir));
    expect(failed).toMatchObject({ result: "failed", error: expect.stringContaining("VIGIE_SECRET_KEY") });
    expect(await readFile(path.join(configDir, vmauthFile), "utf8")).toBe(written);
    // The failure above makes the next run a retry; settle it so later tests start from an applied state.
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
  });

  it("fails after a revoke when the key does not open the rows, naming them, and keeps nothing as if fine", async () => {
    const configDir = await mkdtemp(path.join(tmp, "apply-"));
    const tier = await createTier(handle.db, { writeUrl: instance.url, key });
    const kept = await addAntenna(handle.db, key, { tierId: tier.id });
    const revoked = await addAntenna(handle.db, key, { tierId: tier.id });
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
    expect(await revokeAntenna(handle.db, testAdmin, revoked.id)).toMatchObject({ ok: true });

    // Another VIGIE_SECRET_KEY (rotated, mistyped): no row opens, no vmauth.yml can be written.
    const wrongKey = await applyMonitoringConfig(handle.db, config(configDir, randomBytes(32)));
    expect(wrongKey).toMatchObject({ result: "failed" });
    expect(wrongKey.error).toBe(
      `sealed secrets that do not open with VIGIE_SECRET_KEY: tier ${tier.id}; vmauth.yml not written, vmauth still runs the previous one`,
    );
    // Tried again (the scheduler does), it fails again rather than passing as unchanged.
    expect(await applyMonitoringConfig(handle.db, config(configDir, randomBytes(32)))).toMatchObject({
      result: "failed",
    });

    // One antenna's row damaged: the revocation and the rest go into force, the run fails naming the row.
    const [keptRow] = await handle.db.select().from(antennas).where(eq(antennas.id, kept.id));
    const other = await addAntenna(handle.db, key, { tierId: tier.id });
    await handle.db.update(antennas).set({ passwordSealed: keptRow!.passwordSealed }).where(eq(antennas.id, other.id));
    const partial = await applyMonitoringConfig(handle.db, config(configDir, key));
    expect(partial).toMatchObject({ result: "failed", changedFiles: expect.arrayContaining([vmauthFile]) });
    expect(partial.error).toBe(
      `sealed secrets that do not open with VIGIE_SECRET_KEY: antenna ${other.id}; left out of vmauth.yml`,
    );
    const written = await readFile(path.join(configDir, vmauthFile), "utf8");
    expect(written).toContain(kept.username);
    expect(written).not.toContain(revoked.username);
    expect(written).not.toContain(`antenna-${other.id}-`);

    await handle.db.delete(antennas).where(eq(antennas.id, other.id));
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
  });

  it("holds back a new tier whose VictoriaMetrics does not answer, applies the rest and fails naming it", async () => {
    const configDir = await mkdtemp(path.join(tmp, "apply-"));
    const answering = await createTier(handle.db, { writeUrl: instance.url, name: "Squats", key });
    const first = await addAntenna(handle.db, key, { tierId: answering.id });
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
    const inForce = await readFile(path.join(configDir, vmauthFile), "utf8");

    const silent = await createTier(handle.db, {
      writeUrl: `http://127.0.0.1:${closedPort}/api/v1/write`,
      name: "VPS",
      key,
    });
    const silentAntenna = await addAntenna(handle.db, key, { tierId: silent.id });
    const silentError = `tier «VPS»: http://127.0.0.1:${closedPort} does not answer (ECONNREFUSED)`;
    const failed = await applyMonitoringConfig(handle.db, config(configDir, key));
    expect(failed).toMatchObject({ result: "failed", error: silentError });
    // The tier and its antenna are left out; what was in force for the other tier is unchanged.
    expect(await readFile(path.join(configDir, vmauthFile), "utf8")).toBe(inForce);

    // A revoke meanwhile is enforced: the file loses the credential, the run still fails naming the tier.
    expect(await revokeAntenna(handle.db, testAdmin, first.id)).toMatchObject({ ok: true });
    const revoked = await applyMonitoringConfig(handle.db, config(configDir, key));
    expect(revoked).toMatchObject({ result: "failed", error: silentError });
    const afterRevoke = await readFile(path.join(configDir, vmauthFile), "utf8");
    expect(afterRevoke).not.toContain(first.username);
    expect(afterRevoke).toContain(`vmagent-${answering.id}`);
    expect(afterRevoke).not.toContain(silentAntenna.username);

    // Pointed at an instance that answers, the tier goes into force.
    await handle.db
      .update(tiers)
      .set({ writeUrl: `${instance.url.replace("127.0.0.1", "localhost")}/api/v1/write` })
      .where(eq(tiers.id, silent.id));
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
    expect(await readFile(path.join(configDir, vmauthFile), "utf8")).toContain(silentAntenna.username);

    // Moved to an instance that does not answer: it keeps the URL in force, with its current users.
    await handle.db
      .update(tiers)
      .set({ writeUrl: `http://127.0.0.1:${closedPort}/api/v1/write` })
      .where(eq(tiers.id, silent.id));
    expect(await revokeAntenna(handle.db, testAdmin, silentAntenna.id)).toMatchObject({ ok: true });
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({
      result: "failed",
      error: silentError,
    });
    const moved = await readFile(path.join(configDir, vmauthFile), "utf8");
    expect(moved).not.toContain(silentAntenna.username);
    expect(moved).toContain(`url_prefix: ${instance.url.replace("127.0.0.1", "localhost")}`);
    expect(moved).not.toContain(`127.0.0.1:${closedPort}`);

    // One already in force that stops answering no longer holds the other changes back.
    await handle.db
      .update(tiers)
      .set({ writeUrl: `${instance.url.replace("127.0.0.1", "localhost")}/api/v1/write` })
      .where(eq(tiers.id, silent.id));
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
    await instance.close();
    await addAntenna(handle.db, key, { tierId: answering.id });
    expect(await applyMonitoringConfig(handle.db, config(configDir, key))).toMatchObject({ result: "applied" });
  });
});
