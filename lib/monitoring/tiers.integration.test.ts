import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { metricsClientsByKind } from "@/lib/dashboard/tier-sources";
import { createMetricsClient } from "@/lib/dashboard/victoria-metrics";
import type { DbHandle } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { listPendingRequests } from "@/lib/targets/data";
import { approveTarget, createTarget } from "@/lib/targets/mutations";
import { createTier } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { type FakeExporter, startFakeExporter } from "@/lib/testing/monitoring/exporter.fake";
import { stackServiceConfig } from "@/lib/testing/monitoring/stack-config";
import { adminScopeFor } from "@/lib/testing/scopes";
import { waitFor } from "@/lib/testing/wait-for";
import { seedDefaultTiers } from "@/lib/tiers/defaults";
import { assignKindTier, deleteTier } from "@/lib/tiers/mutations";
import { type Stack, startStack } from "@/scripts/stack/stack";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { vmagentRelabelFile } from "./render-vmagent-relabel";
import { servicePasswordFile } from "./render-vmauth";
import { fastTimings } from "./timings";

type Alert = { status: string; labels: Record<string, string> };
const token = "tiers-webhook-token-0123456789abcdef";
const policy = { allowedNetworks: ["127.0.0.1/32"], autoApprovedNetworks: ["127.0.0.1/32"], monitoringHosts: [] };
/** The default tiers of the notes; Infra is the default instance, which also keeps the series without a tier. */
const tierIds = { squats: newId("r"), ffdn: newId("r"), vps: newId("r"), infra: newId("r") };
/** VIGIE_SECRET_KEY: the tiers' vmauth service users, which vmagent writes and vmalert and the portal read as. */
const secret = randomBytes(32).toString("base64");
const key = Buffer.from(secret, "base64");
let tmp: string;
let handle: DbHandle;
let stack: Stack | undefined;
let exporter: FakeExporter | undefined;
let config: MonitoringConfig;
let memberId: string;
/** When the first sync ran: before it, vmagent had no relabelling from the portal and sent the exporters' series untiered. */
let appliedAt = 0;
let adminId: string;
const servers: Server[] = [];
const brick = { failing: false };
const alerts: Alert[] = [];
const ids = { brick: "", tcp: "", vps: "" };

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

async function create(input: Record<string, unknown>): Promise<string> {
  const result = await createTarget(handle.db, memberId, input, policy, 100);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  if (result.status === "pending") {
    const admin = adminScopeFor(adminId);
    const request = (await listPendingRequests(handle.db, admin)).find((r) => r.id === result.id)!;
    expect(await approveTarget(handle.db, admin, result.id, request.addressVersion)).toMatchObject({ ok: true });
  }
  return result.id;
}

/** The series of one instance matching `selector`, over all its data (not only the last five minutes). */
async function seriesIn(tier: keyof typeof tierIds, selector: string): Promise<Record<string, string>[]> {
  const base = stack!.urls.tiers[tierIds[tier]]!.victoriaMetrics;
  await fetch(`${base}/internal/force_flush`);
  const query = new URLSearchParams({ "match[]": selector, start: "0" });
  const response = await fetch(`${base}/api/v1/series?${query}`);
  return ((await response.json()) as { data: Record<string, string>[] }).data;
}

/** The time (ms) of a selector's last sample in one instance, 0 when it has none in the last five minutes. */
async function latestSample(tier: keyof typeof tierIds, selector: string): Promise<number> {
  const base = stack!.urls.tiers[tierIds[tier]]!.victoriaMetrics;
  await fetch(`${base}/internal/force_flush`);
  const query = new URLSearchParams({ query: `max(timestamp(${selector}))` });
  const body = (await (await fetch(`${base}/api/v1/query?${query}`)).json()) as {
    data: { result: { value: [number, string] }[] };
  };
  return Number(body.data.result[0]?.value[1] ?? 0) * 1000;
}

/** Where a selector's series are, by tier: the proof that vmagent sent them to one instance only. */
async function tiersHolding(selector: string): Promise<string[]> {
  const found: string[] = [];
  for (const tier of Object.keys(tierIds) as (keyof typeof tierIds)[]) {
    if ((await seriesIn(tier, selector)).length > 0) found.push(tier);
  }
  return found;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-tiers-"));
  handle = await createTestDatabase();
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "tiers", isAdmin: false })).id;
  adminId = (await upsertMemberFromOidc(handle.db, { subject: "tiers-admin", isAdmin: true })).id;
  const relayPort = await listen((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      if (request.headers.authorization === `Bearer ${token}`)
        alerts.push(...(JSON.parse(raw) as { alerts: Alert[] }).alerts);
      response.writeHead(200).end();
    });
  });
  const brickPort = await listen((_request, response) => response.writeHead(brick.failing ? 503 : 200).end("ok"));
  const tcpPort = await listen((_request, response) => response.writeHead(200).end());
  // The portal's antenna info series (its own route has its own test): what vmagent scrapes, labelled by tier.
  const portalPort = await listen((_request, response) =>
    response.writeHead(200).end(`vigie_antenna_info{antenna="a_tiers",tier="${tierIds.squats}"} 1\n`),
  );
  exporter = await startFakeExporter('pve_up{id="qemu/101"} 1\npve_up{id="node/pve1"} 1\n');
  config = {
    configDir: path.join(tmp, "config"),
    amtoolBin: "amtool",
    vmalertBin: "vmalert",
    webhookUrl: `http://127.0.0.1:${relayPort}/api/alertmanager/webhook`,
    webhookToken: token,
    timings: fastTimings,
    secretKey: key,
  };
  // Ids first, then the instances named after them, then the tier rows pointing at those instances.
  stack = await startStack({
    workDir: path.join(tmp, "stack"),
    configDir: config.configDir,
    timings: fastTimings,
    exporters: [exporter.address],
    tiers: [
      { id: tierIds.squats, retention: "1d" },
      { id: tierIds.ffdn, retention: "1d" },
      { id: tierIds.vps, retention: "1d" },
      { id: tierIds.infra, retention: "1d", default: true },
    ],
    portalMetrics: { url: `http://127.0.0.1:${portalPort}/metrics/antennas`, bearerToken: "unused-by-this-stand-in" },
  });
  const placement = (tier: keyof typeof tierIds) => ({
    id: tierIds[tier],
    url: stack!.urls.tiers[tierIds[tier]]!.victoriaMetrics,
    readUrl: stack!.urls.vmauth,
  });
  expect(
    await seedDefaultTiers(
      handle.db,
      { squats: placement("squats"), ffdn: placement("ffdn"), vps: placement("vps"), infra: placement("infra") },
      key,
    ),
  ).toBe(true);
  // TCP ports go back to no tier: their series belong to the default instance.
  expect(await assignKindTier(handle.db, adminScopeFor(adminId), "tcp", null)).toMatchObject({ ok: true });
  ids.brick = await create({ kind: "brick", label: "brick", url: `http://127.0.0.1:${brickPort}/` });
  ids.tcp = await create({ kind: "tcp", label: "port", host: "127.0.0.1", port: tcpPort });
  ids.vps = await create({ kind: "vps", label: "VPS", vmId: "qemu/101" });
  config = { ...config, ...stackServiceConfig(stack) };
  expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });
  appliedAt = Date.now();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await exporter?.close();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("one VictoriaMetrics per tier", () => {
  it("seeds the notes' tiers once, and never over an admin's", async () => {
    const again = { id: newId("r"), url: "http://127.0.0.1:1", readUrl: "http://127.0.0.1:1" };
    expect(await seedDefaultTiers(handle.db, { squats: again, ffdn: again, vps: again, infra: again })).toBe(false);
  });

  it("sends each series to its kind's tier only, and the rest to the default instance", async () => {
    const started = Date.now();
    const brickSeries = `probe_success{target="${ids.brick}"}`;
    await waitFor("the brick's probe in VPN/FFDN", async () =>
      (await seriesIn("ffdn", brickSeries)).length > 0 ? true : undefined,
    );
    await waitFor("the port's probe in the default instance", async () =>
      (await seriesIn("infra", `probe_success{target="${ids.tcp}"}`)).length > 0 ? true : undefined,
    );
    await waitFor("the guest's series in VPS", async () =>
      (await seriesIn("vps", 'pve_up{id="qemu/101"}')).length > 0 ? true : undefined,
    );
    console.log(`targets applied → series in their tiers: ${Date.now() - started} ms`);
    // Several more scrapes, so a series sent to the wrong instance too would have arrived there by now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await tiersHolding(brickSeries)).toEqual(["ffdn"]);
    expect(await tiersHolding(`{target="${ids.brick}"}`)).toEqual(["ffdn"]);
    expect(await tiersHolding(`probe_success{target="${ids.tcp}"}`)).toEqual(["infra"]);
    // The guest's samples go to VPS from the first sync on (before it, vmagent ran the stack's empty relabelling).
    expect(await latestSample("vps", 'pve_up{id="qemu/101"}')).toBeGreaterThan(appliedAt);
    expect(await latestSample("infra", 'pve_up{id="qemu/101"}')).toBeLessThan(appliedAt + 2_000);
    expect(await tiersHolding('pve_up{id="qemu/101"}')).not.toContain("ffdn");
    // The hypervisor's own series is the hub's: no tier, the default instance.
    expect(await tiersHolding('pve_up{id="node/pve1"}')).toEqual(["infra"]);
    expect((await seriesIn("ffdn", brickSeries))[0]).toMatchObject({ tier: tierIds.ffdn, member: memberId });
    await waitFor("the antenna's info series in Squats", async () =>
      (await seriesIn("squats", 'vigie_antenna_info{antenna="a_tiers"}')).length > 0 ? true : undefined,
    );
    expect(await tiersHolding('vigie_antenna_info{antenna="a_tiers"}')).toEqual(["squats"]);
    // Squats holds the antennas' series and nothing of the members' probes or the hub's exporters.
    expect(await seriesIn("squats", '{__name__=~"probe_.+|pve_.+"}')).toEqual([]);
  }, 60_000);

  it("shows the member each target from its kind's tier", async () => {
    const metrics = createMetricsClient({ url: stack!.urls.victoriaMetrics });
    const dashboard = await loadDashboard(handle.db, memberId, {
      metrics,
      metricsByKind: await metricsClientsByKind(handle.db, secret, stack!.urls.vmauth),
    });
    expect(dashboard.metrics).toBe("available");
    const byId = new Map(dashboard.targets.map((target) => [target.id, target]));
    expect(byId.get(ids.brick)).toMatchObject({ state: "up" });
    expect(byId.get(ids.tcp)).toMatchObject({ state: "up" });
    // Read from the default instance alone, the brick has no series: the figures above came from its tier.
    const defaultOnly = await loadDashboard(handle.db, memberId, { metrics });
    expect(defaultOnly.targets.find((target) => target.id === ids.brick)).toMatchObject({ state: "unknown" });
  });

  it("fires a tiered kind's rule from its tier's vmalert, and the member's relay receives it", async () => {
    const broken = Date.now();
    brick.failing = true;
    const firing = await waitFor(
      "the brick's probe-failed alert at the relay",
      () =>
        alerts.find(
          (a) => a.status === "firing" && a.labels.alertname === "BlackboxProbeFailed" && a.labels.target === ids.brick,
        ),
      60_000,
    );
    console.log(`brick failing → firing webhook through its tier's vmalert: ${Date.now() - broken} ms`);
    expect(firing.labels).toMatchObject({ member: memberId, kind: "brick", tier: tierIds.ffdn });
    const alertsOf = async (vmalert: string) => {
      const body = (await (await fetch(`${vmalert}/api/v1/alerts`)).json()) as { data: { alerts: Alert[] | null } };
      // vmalert 1.79 answers `null` when it has no alert.
      return (body.data.alerts ?? [])
        .filter((alert) => alert.labels.target === ids.brick)
        .map((a) => a.labels.alertname);
    };
    expect(await alertsOf(stack!.urls.tiers[tierIds.ffdn]!.vmalert)).toContain("BlackboxProbeFailed");
    for (const tier of [tierIds.infra, tierIds.vps, tierIds.squats]) {
      expect(await alertsOf(stack!.urls.tiers[tier]!.vmalert)).toEqual([]);
    }
  }, 90_000);

  it("fires a VPS rule from the VPS tier, which holds the exporter's guest series", async () => {
    exporter!.serve('pve_up{id="qemu/101"} 0\npve_up{id="node/pve1"} 1\n');
    const down = await waitFor(
      "the guest-down alert at the relay",
      () =>
        alerts.find(
          (a) => a.status === "firing" && a.labels.alertname === "PveGuestDown" && a.labels.target === ids.vps,
        ),
      60_000,
    );
    expect(down.labels).toMatchObject({ member: memberId, kind: "vps", tier: tierIds.vps });
  }, 90_000);

  it("goes through vmauth: vmagent writes each tier as its vmagent-<id>, the portal and vmalert read as reader-<id>", async () => {
    // The portal's sync wrote each service password, for vmagent and vmalert only (0600), and vmauth counted
    // their requests under those users.
    for (const id of Object.values(tierIds)) {
      for (const username of [`vmagent-${id}`, `reader-${id}`]) {
        const file = path.join(config.configDir, servicePasswordFile(username));
        expect((await stat(file)).mode & 0o777).toBe(0o600);
        expect((await readFile(file, "utf8")).length).toBeGreaterThanOrEqual(40);
      }
    }
    const counted = async () => (await (await fetch(`${stack!.urls.vmauth}/metrics`)).text()).split("\n");
    await waitFor("vmauth to count vmagent's and vmalert's requests by user", async () => {
      const lines = await counted();
      const seen = (username: string) =>
        lines.some(
          (line) => line.startsWith(`vmauth_user_requests_total{username="${username}"}`) && !line.endsWith(" 0"),
        );
      return seen(`vmagent-${tierIds.ffdn}`) && seen(`vmagent-${tierIds.infra}`) && seen(`reader-${tierIds.ffdn}`)
        ? true
        : undefined;
    });
    // The portal reads a tier through vmauth with no credential typed: as that tier's reader.
    const clients = await metricsClientsByKind(handle.db, secret, stack!.urls.vmauth);
    const answer = await clients.get("brick")!.queryInstant(`count(probe_success{target="${ids.brick}"})`);
    expect(answer).toHaveLength(1);
    // Anonymous, vmauth lets nothing through.
    expect((await fetch(`${stack!.urls.vmauth}/api/v1/query?query=up`)).status).toBeGreaterThanOrEqual(400);
  });

  it("follows a kind moved to another tier: its exporter series and its rules move together", async () => {
    const admin = adminScopeFor(adminId);
    expect(await assignKindTier(handle.db, admin, "vps", tierIds.ffdn)).toMatchObject({ ok: true });
    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });
    expect(await readFile(path.join(config.configDir, vmagentRelabelFile), "utf8")).toContain(tierIds.ffdn);
    const moved = Date.now();
    // New samples of the guest land in VPN/FFDN from vmagent's next scrape on; VPS keeps only the history.
    const latest = (tier: keyof typeof tierIds) => latestSample(tier, 'pve_up{id="qemu/101"}');
    await waitFor("the guest's new samples in VPN/FFDN", async () =>
      (await latest("ffdn")) > moved ? true : undefined,
    );
    console.log(`kind moved → its exporter series in the new tier: ${Date.now() - moved} ms`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await latest("vps")).toBeLessThan(moved + 1_000);
    const vmalertRules = async (tier: keyof typeof tierIds) => {
      const body = (await (await fetch(`${stack!.urls.tiers[tierIds[tier]]!.vmalert}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { name: string }[] | null }[] | null };
      };
      // vmalert 1.79 answers `null` for no groups, and for a group's rules while it has not evaluated them yet.
      return (body.data.groups ?? []).flatMap((group) => (group.rules ?? []).map((rule) => rule.name));
    };
    // A group just reloaded can list `rules: null` for a moment.
    await waitFor("the VPS rules in VPN/FFDN's vmalert", async () =>
      (await vmalertRules("ffdn")).includes("PveGuestDown") ? true : undefined,
    );
    expect(await vmalertRules("vps")).not.toContain("PveGuestDown");
    expect(await assignKindTier(handle.db, admin, "vps", tierIds.vps)).toMatchObject({ ok: true });
    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });
  }, 60_000);

  it("fails the run, naming the tier, when vmagent has no remote write for a kind's new tier", async () => {
    const admin = adminScopeFor(adminId);
    // A tier the deployment has not deployed yet: no instance answers there, and vmagent has no remote write for it.
    const extra = await createTier(handle.db, {
      name: "Not in vmagent",
      writeUrl: "http://127.0.0.1:9",
      readUrl: stack!.urls.vmauth,
      key,
    });
    expect(await assignKindTier(handle.db, admin, "tcp", extra.id)).toMatchObject({ ok: true });
    const run = await applyMonitoringConfig(handle.db, config);
    expect(run.result).toBe("failed");
    expect(run.error).toContain(`vmagent has no remote write for tier «Not in vmagent» (vmagent-${extra.id})`);
    expect(await assignKindTier(handle.db, admin, "tcp", null)).toMatchObject({ ok: true });
    expect(await deleteTier(handle.db, admin, extra.id)).toMatchObject({ ok: true });
    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });
  }, 60_000);
});
