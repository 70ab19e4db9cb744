import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { tiers } from "@/lib/db/schema";
import { newId } from "@/lib/ids";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTarget, deleteTarget } from "@/lib/targets/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { sampleAlertmanagerOptions, sampleBase } from "@/lib/testing/monitoring/fixtures";
import { startFakeServices } from "@/lib/testing/monitoring/services.fake";
import { adminScopeFor } from "@/lib/testing/scopes";
import { assignKindTier } from "@/lib/tiers/mutations";
import { applyLockKey, applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { listSyncRuns } from "./data";

let handle: DbHandle;
let configDir: string;
let fake: Awaited<ReturnType<typeof startFakeServices>>;
let memberId: string;
let config: MonitoringConfig;
const localPolicy = { allowedNetworks: ["127.0.0.1/32"], autoApprovedNetworks: ["127.0.0.1/32"], monitoringHosts: [] };
const read = (name: string) => readFile(path.join(configDir, name), "utf8");

beforeAll(async () => {
  handle = await createTestDatabase();
  configDir = await mkdtemp(path.join(tmpdir(), "vigie-apply-"));
  fake = await startFakeServices(configDir);
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "apply-test", isAdmin: false })).id;
  config = {
    configDir,
    amtoolBin: process.env.AMTOOL_BIN ?? "amtool",
    vmalertBin: process.env.VMALERT_BIN ?? "vmalert",
    webhookUrl: sampleAlertmanagerOptions.webhookUrl,
    webhookToken: sampleAlertmanagerOptions.webhookToken,
    timings: sampleAlertmanagerOptions.timings,
  };
});
afterAll(async () => {
  await fake?.close();
  await handle?.close();
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe("applyMonitoringConfig", () => {
  it("writes every file without a running stack, then finds nothing to do", async () => {
    await mkdir(path.join(configDir, "file_sd"), { recursive: true });
    await writeFile(path.join(configDir, "file_sd", "retired-kind.json"), "[]\n");
    await writeFile(path.join(configDir, "hub-notes.yml"), "not vigie's\n");

    const first = await applyMonitoringConfig(handle.db, config);
    expect(first).toMatchObject({ result: "applied", error: null });
    expect(first.changedFiles).toEqual([
      "alertmanager.yml",
      "file_sd/brick.json",
      "file_sd/infra.json",
      "file_sd/ping.json",
      "file_sd/tcp.json",
      "rules/vigie-brick.yml",
      "rules/vigie-infra.yml",
      "rules/vigie-ping.yml",
      "rules/vigie-tcp.yml",
      "rules/vigie-vpn.yml",
      "rules/vigie-vps.yml",
      "vmagent-relabel.yml",
      "file_sd/retired-kind.json",
    ]);
    expect(await read("file_sd/brick.json")).toBe("[]\n");
    await expect(read("file_sd/retired-kind.json")).rejects.toThrow(/ENOENT/);
    expect(await read("hub-notes.yml")).toBe("not vigie's\n");

    const second = await applyMonitoringConfig(handle.db, config);
    expect(second).toMatchObject({ result: "unchanged", changedFiles: [], configHash: first.configHash });
  });

  it("reloads and verifies Alertmanager when a target is added, and only then", async () => {
    const withStack = { ...config, alertmanagerUrl: fake.url, vmalertUrl: fake.url };
    const brick = await createTarget(
      handle.db,
      memberId,
      { kind: "brick", label: "b", url: "http://127.0.0.1:8080/" },
      localPolicy,
      100,
    );
    expect(brick.ok).toBe(true);
    const run = await applyMonitoringConfig(handle.db, withStack);
    expect(run).toMatchObject({ result: "applied", changedFiles: ["alertmanager.yml", "file_sd/brick.json"] });
    expect(fake.state.reloads).toBe(1); // rules did not change: no vmalert reload
    expect(fake.state.loaded).toContain(`member="${memberId}"`);

    expect(await applyMonitoringConfig(handle.db, withStack)).toMatchObject({ result: "unchanged" });
    expect(fake.state.reloads).toBe(1);
  });

  it("refuses a config that fails validation and writes nothing", async () => {
    const before = await read("alertmanager.yml");
    const run = await applyMonitoringConfig(handle.db, {
      ...config,
      alertmanagerBase: { ...sampleBase, route: { receiver: "nobody" } },
    });
    expect(run).toMatchObject({ result: "failed", changedFiles: [] });
    expect(run.error).toContain("undefined receiver");
    expect(await read("alertmanager.yml")).toBe(before);
  });

  it("restores the previous files when Alertmanager refuses the reload", async () => {
    const withStack = { ...config, alertmanagerUrl: fake.url, vmalertUrl: fake.url };
    const before = await read("alertmanager.yml");
    const beforeSd = await read("file_sd/brick.json");
    const [target] = JSON.parse(beforeSd) as { labels: { target: string } }[];
    expect(await deleteTarget(handle.db, memberId, target!.labels.target)).toBe(true);
    fake.state.refuse = true;
    const run = await applyMonitoringConfig(handle.db, withStack);
    expect(run).toMatchObject({ result: "failed", changedFiles: [] });
    expect(run.error).toMatch(/alertmanager refused the reload \(HTTP 500\): failed to reload config/);
    expect(await read("alertmanager.yml")).toBe(before);
    expect(await read("file_sd/brick.json")).toBe(beforeSd);

    fake.state.refuse = false;
    expect(await applyMonitoringConfig(handle.db, withStack)).toMatchObject({ result: "applied" });
    expect(fake.state.loaded).not.toContain(memberId);
    const admin = adminScopeFor((await upsertMemberFromOidc(handle.db, { subject: "apply-admin", isAdmin: true })).id);
    const runs = await listSyncRuns(handle.db, admin, 10);
    expect(runs.map((r) => r.result)).toEqual([
      "applied",
      "failed",
      "failed",
      "unchanged",
      "applied",
      "unchanged",
      "applied",
    ]);
  });

  it("moves a kind's rules to its tier's folder and reloads every vmalert, even past one that is down", async () => {
    const tierId = newId("r");
    const url = "http://127.0.0.1:8428";
    await handle.db
      .insert(tiers)
      .values({ id: tierId, name: "VPN/FFDN", retention: "6M", writeUrl: url, readUrl: url });
    const admin = adminScopeFor((await upsertMemberFromOidc(handle.db, { subject: "apply-admin", isAdmin: true })).id);
    expect(await assignKindTier(handle.db, admin, "brick", tierId)).toMatchObject({ ok: true });
    const reloads = fake.state.reloads;
    const run = await applyMonitoringConfig(handle.db, {
      ...config,
      alertmanagerUrl: fake.url,
      vmalertUrl: ["http://127.0.0.1:1", fake.url],
    });
    expect(run).toMatchObject({
      result: "failed",
      error: expect.stringContaining("vmalert unreachable at http://127.0.0.1:1"),
    });
    expect(run.changedFiles).toEqual([`rules/${tierId}/vigie-brick.yml`, "rules/vigie-brick.yml"]);
    // The vmalert that answered was reloaded although the other one was down.
    expect(fake.state.reloads).toBe(reloads + 1);
    expect(await read(`rules/${tierId}/vigie-brick.yml`)).toContain("BlackboxProbeFailed");
    await expect(read("rules/vigie-brick.yml")).rejects.toThrow(/ENOENT/);
  });

  it("reloads Alertmanager back onto the restored file when a vmalert refuses; the refusal wins over an outage", async () => {
    const refusing = await startFakeServices(configDir);
    refusing.state.refuse = true;
    try {
      const before = await read("alertmanager.yml");
      const other = (await upsertMemberFromOidc(handle.db, { subject: "apply-other", isAdmin: false })).id;
      const target = await createTarget(
        handle.db,
        other,
        { kind: "brick", label: "o", url: "http://127.0.0.1:8081/" },
        localPolicy,
        100,
      );
      expect(target.ok).toBe(true);
      const reloads = fake.state.reloads;
      // The previous run failed: this one reloads the vmalerts too, and the one that answers refuses.
      const run = await applyMonitoringConfig(handle.db, {
        ...config,
        alertmanagerUrl: fake.url,
        vmalertUrl: ["http://127.0.0.1:1", refusing.url],
      });
      expect(run).toMatchObject({ result: "failed", changedFiles: [] });
      expect(run.error).toMatch(/^vmalert refused the reload \(HTTP 500\)/);
      expect(refusing.state.reloads).toBe(1);
      expect(await read("alertmanager.yml")).toBe(before);
      // Alertmanager took the new file, then the restored one: it runs what the disk holds.
      expect(fake.state.reloads).toBe(reloads + 2);
      expect(fake.state.loaded).toBe(before);
      expect(fake.state.loaded).not.toContain(other);
    } finally {
      await refusing.close();
    }
    const run = await applyMonitoringConfig(handle.db, { ...config, alertmanagerUrl: fake.url, vmalertUrl: fake.url });
    expect(run).toMatchObject({ result: "applied" });
  });

  it("waits, with crossProcess, until another process's run has released the apply lock", async () => {
    // Another process's apply holds the lock (on PostgreSQL through another connection of the pool).
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const other = handle.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${applyLockKey})`);
      taken();
      await released;
    });
    await lockTaken;
    let finished = false;
    const run = applyMonitoringConfig(handle.db, config, { crossProcess: true }).finally(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(finished).toBe(false);
    release();
    await other;
    expect(await run).toMatchObject({ result: "unchanged" });
  });
});
