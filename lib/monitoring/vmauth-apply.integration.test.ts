import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeAntenna, rotateAntennaCredential } from "@/lib/antennas/mutations";
import type { DbHandle } from "@/lib/db/client";
import { addAntenna, type Credential, createTier, succeeded, testAdmin } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { sampleAlertmanagerOptions } from "@/lib/testing/monitoring/fixtures";
import { remoteWriteBody, remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { startFakeServices } from "@/lib/testing/monitoring/services.fake";
import { waitFor } from "@/lib/testing/wait-for";
import { deleteTier } from "@/lib/tiers/mutations";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "@/scripts/stack/standalone-victoria-metrics";
import { type StandaloneVmauth, startStandaloneVmauth } from "@/scripts/stack/standalone-vmauth";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { findNextCredentialExpiry } from "./data";
import { createMonitoringSync } from "./monitoring-sync";
import { servicePasswordFile, vmauthFile } from "./render-vmauth";

let handle: DbHandle;
let tmp: string;
let vm: VictoriaMetricsServer | undefined;
let vmauth: StandaloneVmauth | undefined;
let config: MonitoringConfig;
let tierId: string;
let first: { id: string } & Credential;
const key = randomBytes(32);
const reloadAuthKey = randomBytes(24).toString("base64url");
const readVmauthFile = () => readFile(path.join(config.configDir, vmauthFile), "utf8");

/** Status only: vmauth's refusal body echoes the Basic credential, so it is never read. */
async function write(who: Credential, metric: string): Promise<number> {
  const response = await fetch(`${vmauth!.url}/api/v1/write`, {
    method: "POST",
    headers: {
      ...remoteWriteHeaders,
      Authorization: `Basic ${Buffer.from(`${who.username}:${who.password}`).toString("base64")}`,
    },
    body: new Uint8Array(
      remoteWriteBody([{ labels: { __name__: metric }, samples: [{ value: 1, timestampMs: Date.now() }] }]),
    ),
  });
  await response.body?.cancel();
  return response.status;
}

async function storedAntennas(metric: string): Promise<string[]> {
  await (await fetch(`${vm!.url}/internal/force_flush`)).body?.cancel();
  const response = await fetch(`${vm!.url}/api/v1/series?match[]=${encodeURIComponent(metric)}`);
  return ((await response.json()) as { data: { antenna: string }[] }).data.map((series) => series.antenna);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-vmauth-apply-"));
  await mkdir(path.join(tmp, "vm"));
  handle = await createTestDatabase();
  vm = await startVictoriaMetrics(path.join(tmp, "vm"));
  tierId = (await createTier(handle.db, { writeUrl: `${vm.url}/api/v1/write`, key })).id;
  first = await addAntenna(handle.db, key, { tierId });
  config = {
    configDir: path.join(tmp, "config"),
    amtoolBin: process.env.AMTOOL_BIN ?? "amtool",
    vmalertBin: process.env.VMALERT_BIN ?? "vmalert",
    webhookUrl: sampleAlertmanagerOptions.webhookUrl,
    webhookToken: sampleAlertmanagerOptions.webhookToken,
    timings: sampleAlertmanagerOptions.timings,
    secretKey: key,
  };
  // Files first, so vmauth starts on the portal's file, as the worker's start-up sync makes it in production.
  expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied" });
  vmauth = await startStandaloneVmauth({ workDir: config.configDir, config: await readVmauthFile(), reloadAuthKey });
  config = { ...config, vmauthUrl: vmauth.url, vmauthReloadKey: reloadAuthKey };
});
afterAll(async () => {
  await vmauth?.stop();
  await vm?.stop();
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("vmauth kept in step with the database by the monitoring sync", () => {
  it("lets an antenna write once the sync that follows its creation has run, into its tier, under its own id", async () => {
    expect(await write(first, "vigie_vmauth_apply_first")).toBe(204);
    const added = await addAntenna(handle.db, key, { tierId });
    expect(await write(added, "vigie_vmauth_apply_added")).toBe(400);
    const run = await applyMonitoringConfig(handle.db, config);
    expect(run).toMatchObject({ result: "applied", changedFiles: [vmauthFile], error: null });
    // The sync verified it before returning: the very next request passes.
    expect(await write(added, "vigie_vmauth_apply_added")).toBe(204);
    expect(await waitFor("the write stored", async () => (await storedAntennas("vigie_vmauth_apply_added"))[0])).toBe(
      added.id,
    );
    expect((await stat(path.join(config.configDir, vmauthFile))).mode & 0o777).toBe(0o600);
  });

  it("refuses a revoked antenna once the sync has run, and says how long that took", async () => {
    const revoked = await addAntenna(handle.db, key, { tierId });
    await applyMonitoringConfig(handle.db, config);
    expect(await write(revoked, "vigie_vmauth_apply_revoked")).toBe(204);

    expect(await revokeAntenna(handle.db, testAdmin, revoked.id)).toMatchObject({ ok: true });
    const start = performance.now();
    const run = await applyMonitoringConfig(handle.db, config);
    const applied = performance.now() - start;
    const status = await write(revoked, "vigie_vmauth_apply_revoked");
    const refused = performance.now() - start;
    expect(run).toMatchObject({ result: "applied", changedFiles: [vmauthFile] });
    expect(status).toBe(400);
    console.log(
      `revoke → refused: ${refused.toFixed(0)} ms from the apply's start (apply ${applied.toFixed(0)} ms: render, throwaway-vmauth check, write, reload, verify)`,
    );
    expect(await readVmauthFile()).not.toContain(revoked.username);
    expect(await write(first, "vigie_vmauth_apply_first")).toBe(204);
  });

  it("accepts a rotated antenna's old password during its grace, and refuses it after, with no other change", async () => {
    const sync = createMonitoringSync({
      apply: () => applyMonitoringConfig(handle.db, config),
      nextExpiry: () => findNextCredentialExpiry(handle.db, new Date()),
    });
    try {
      const previous = first;
      const rotatedAt = new Date();
      const { credential: current } = succeeded(
        await rotateAntennaCredential(handle.db, testAdmin, first.id, 2000, key, rotatedAt),
      );
      const validUntil = rotatedAt.getTime() + 2000;
      await sync.request();
      expect(await write(current, "vigie_vmauth_apply_rotated")).toBe(204);
      expect(await write(previous, "vigie_vmauth_apply_rotated")).toBe(204);
      // Nobody asks for a sync from here: the expiry timer must.
      const refusedAt = await waitFor(
        "the old password refused",
        async () => ((await write(previous, "vigie_vmauth_apply_rotated")) === 400 ? Date.now() : undefined),
        10_000,
        50,
      );
      expect(refusedAt).toBeGreaterThanOrEqual(validUntil);
      console.log(`grace end → old password refused: ${refusedAt - validUntil} ms`);
      expect(await write(current, "vigie_vmauth_apply_rotated")).toBe(204);
      expect(await readVmauthFile()).not.toContain(previous.username);
      first = { ...first, username: current.username, password: current.password };
    } finally {
      sync.stop();
    }
  });

  it("fails the run and puts the old file back when vmauth refuses the reload", async () => {
    const before = await readVmauthFile();
    const refusedAntenna = await addAntenna(handle.db, key, { tierId });
    const run = await applyMonitoringConfig(handle.db, { ...config, vmauthReloadKey: "not-the-reload-key-0123" });
    expect(run).toMatchObject({ result: "failed", changedFiles: [] });
    expect(run.error).toContain("vmauth refused the reload (HTTP 400)");
    // vmauth's 400 body quotes the key it was given: it is not in the run.
    expect(run.error).not.toContain("not-the-reload-key");
    expect(await readVmauthFile()).toBe(before);
    expect((await stat(path.join(config.configDir, vmauthFile))).mode & 0o777).toBe(0o600);
    expect(await write(refusedAntenna, "vigie_vmauth_apply_refused")).toBe(400);

    // Tried again (a retry reloads every service), vmauth goes first: Alertmanager is not reloaded past its refusal.
    const alertmanager = await startFakeServices(config.configDir);
    try {
      const again = await applyMonitoringConfig(handle.db, {
        ...config,
        alertmanagerUrl: alertmanager.url,
        vmauthReloadKey: "not-the-reload-key-0123",
      });
      expect(again).toMatchObject({ result: "failed", error: expect.stringContaining("vmauth refused the reload") });
      expect(alertmanager.state.reloads).toBe(0);
    } finally {
      await alertmanager.close();
    }

    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied" });
    expect(await write(refusedAntenna, "vigie_vmauth_apply_refused")).toBe(204);
  });

  it("fails the run when the vmauth at VMAUTH_URL answers the reload but does not run the written file", async () => {
    // A vmauth reading another file (a VMAUTH_URL pointing at the wrong instance): its reload says 200.
    const elsewhere = await startStandaloneVmauth({
      workDir: await mkdtemp(path.join(tmp, "elsewhere-")),
      config: await readVmauthFile(),
      reloadAuthKey,
    });
    try {
      const before = await readVmauthFile();
      const unseen = await addAntenna(handle.db, key, { tierId });
      const run = await applyMonitoringConfig(handle.db, { ...config, vmauthUrl: elsewhere.url });
      expect(run).toMatchObject({ result: "failed", changedFiles: [] });
      expect(run.error).toMatch(/vmauth does not run the written file after 5000 ms: 1 of 1 checks failed/);
      expect(run.error).toContain(unseen.username);
      expect(run.error).not.toContain(unseen.password);
      expect(await readVmauthFile()).toBe(before);
    } finally {
      await elsewhere.stop();
    }
    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied" });
  });

  it("writes a new tier's service passwords only once vmauth runs its users, and removes a gone tier's first", async () => {
    const vm2Dir = path.join(tmp, "vm2");
    await mkdir(vm2Dir);
    const vm2 = await startVictoriaMetrics(vm2Dir);
    // vmauth as the sync reaches it, through a proxy that notes, at each reload, whether the new tier's password
    // files are on disk, and can refuse the reload or be unreachable.
    let mode: "pass" | "refuse" | "down" = "pass";
    const onDiskAtReload: boolean[] = [];
    let passwordFiles: string[] = [];
    const proxy: Server = createServer((incoming, outgoing) => {
      if (incoming.url?.startsWith("/-/reload")) {
        onDiskAtReload.push(passwordFiles.some((file) => existsSync(file)));
        if (mode === "refuse") return void outgoing.writeHead(500).end("refused by the test");
      }
      if (mode === "down") return void incoming.socket.destroy();
      const upstream = httpRequest(
        `${vmauth!.url}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxied = { ...config, vmauthUrl: `http://127.0.0.1:${(proxy.address() as { port: number }).port}` };
    try {
      const tier = await createTier(handle.db, { writeUrl: vm2.url, key });
      passwordFiles = [`vmagent-${tier.id}`, `reader-${tier.id}`].map((user) =>
        path.join(config.configDir, servicePasswordFile(user)),
      );
      const before = await readVmauthFile();

      mode = "refuse";
      expect(await applyMonitoringConfig(handle.db, proxied)).toMatchObject({ result: "failed", changedFiles: [] });
      expect(passwordFiles.map((file) => existsSync(file))).toEqual([false, false]);
      expect(await readVmauthFile()).toBe(before);

      // vmauth unreachable: vmauth.yml stays for its next start, the passwords wait for a vmauth that runs them.
      mode = "down";
      expect(await applyMonitoringConfig(handle.db, proxied)).toMatchObject({ result: "failed" });
      expect(passwordFiles.map((file) => existsSync(file))).toEqual([false, false]);
      expect(await readVmauthFile()).toContain(`vmagent-${tier.id}`);

      mode = "pass";
      expect(await applyMonitoringConfig(handle.db, proxied)).toMatchObject({ result: "applied", error: null });
      for (const file of passwordFiles) expect((await stat(file)).mode & 0o777).toBe(0o600);
      // Every reload vmauth was asked for came before any of the tier's password files existed.
      expect(onDiskAtReload).toEqual([false, false, false]);

      onDiskAtReload.length = 0;
      expect(await deleteTier(handle.db, testAdmin, tier.id)).toMatchObject({ ok: true });
      expect(await applyMonitoringConfig(handle.db, proxied)).toMatchObject({ result: "applied", error: null });
      // Gone before vmauth was asked to drop the users.
      expect(onDiskAtReload).toEqual([false]);
      expect(passwordFiles.map((file) => existsSync(file))).toEqual([false, false]);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
      await vm2.stop();
    }
  }, 60_000);
});
