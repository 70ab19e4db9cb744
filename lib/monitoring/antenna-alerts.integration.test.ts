import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeAntenna } from "@/lib/antennas/mutations";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTarget } from "@/lib/targets/mutations";
import { addAntenna, createTier, testAdmin } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { type RemoteWriteSeries, remoteWriteBody, remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { stackServiceConfig } from "@/lib/testing/monitoring/stack-config";
import { waitFor } from "@/lib/testing/wait-for";
import { type Stack, startStack } from "@/scripts/stack/stack";
import { respondWithAntennaInfo } from "./antenna-info";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { fastTimings } from "./timings";

type Alert = { status: string; labels: Record<string, string>; annotations: Record<string, string> };
const metricsToken = "antenna-info-token-0123456789";
const tier = "r_squats";
// silent: has clients, then stops sending during the test; quiet: reports 0 stations for 3 h; busy: had clients in
// the last hour; left: had clients until 3 h ago and has sent nothing since (its last client is in the rule's
// look-back, but it is silent, not without clients). N = 2 for all of them.
const antenna = { silent: "a_silent", quiet: "a_quiet", busy: "a_busy", left: "a_left", revoked: "a_gone" };
const hourMs = 3_600_000;
let tmp: string;
let handle: DbHandle;
let stack: Stack | undefined;
let recorder: Server | undefined;
let portal: Server | undefined;
let writer: ReturnType<typeof setInterval> | undefined;
/** Alerts each receiver was sent, by the path it posts to. */
const received = new Map<string, Alert[]>();
const sending = new Set([antenna.silent, antenna.quiet, antenna.busy]);

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => resolve(raw));
  });
const alertsAt = (receiver: string) => received.get(receiver) ?? [];
const firing = (receiver: string, alertname: string, id: string) => () =>
  alertsAt(receiver).find((a) => a.status === "firing" && a.labels.alertname === alertname && a.labels.antenna === id);

/** What telegraf sends every interval, through the same remote-write body, with the label vmauth would add. */
/** The antennas' tier's own VictoriaMetrics and vmalert. */
const squats = () => stack!.urls.tiers[tier]!;

async function writeLive(): Promise<void> {
  const now = Date.now();
  const series = [...sending].flatMap((id): RemoteWriteSeries[] => [
    { labels: { __name__: "system_uptime", antenna: id }, samples: [{ value: 1_000, timestampMs: now }] },
    {
      labels: { __name__: "vigie_wifi_stations", antenna: id, interface: "wlan0" },
      samples: [{ value: id === antenna.quiet ? 0 : 2, timestampMs: now }],
    },
  ]);
  if (series.length === 0) return;
  await fetch(`${squats().victoriaMetrics}/api/v1/write`, {
    method: "POST",
    headers: remoteWriteHeaders,
    body: new Uint8Array(remoteWriteBody(series)),
  });
}

/** Three hours of station counts, one a minute, as the antennas would have sent them before the test. */
async function backfillStations(): Promise<void> {
  const now = Date.now();
  const lines: string[] = [];
  for (let t = now - 3 * hourMs; t < now - 5_000; t += 60_000) {
    lines.push(`vigie_wifi_stations{antenna="${antenna.quiet}",interface="wlan0"} 0 ${t}`);
    lines.push(`vigie_wifi_stations{antenna="${antenna.busy}",interface="wlan0"} ${t > now - hourMs ? 2 : 0} ${t}`);
    if (t < now - 2.5 * hourMs) {
      lines.push(`vigie_wifi_stations{antenna="${antenna.left}",interface="wlan0"} 2 ${t}`);
      lines.push(`system_uptime{antenna="${antenna.left}"} ${t / 1000} ${t}`);
    }
  }
  const response = await fetch(`${squats().victoriaMetrics}/api/v1/import/prometheus`, {
    method: "POST",
    body: lines.join("\n"),
  });
  expect(response.status).toBe(204);
}

async function query(expr: string): Promise<{ metric: Record<string, string> }[]> {
  const response = await fetch(`${squats().victoriaMetrics}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return ((await response.json()) as { data: { result: { metric: Record<string, string> }[] } }).data.result;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-antenna-alerts-"));
  handle = await createTestDatabase();
  recorder = createServer(async (request, response) => {
    const posted = JSON.parse(await readBody(request)) as { alerts: Alert[] };
    received.set(request.url ?? "", [...alertsAt(request.url ?? ""), ...posted.alerts]);
    response.writeHead(200).end();
  });
  await new Promise<void>((resolve) => recorder!.listen(0, "127.0.0.1", resolve));
  const recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  // The portal's scrape route, served from the real database by the route's own function.
  portal = createServer(async (request, response) => {
    const answer = await respondWithAntennaInfo(
      new Request(`http://127.0.0.1${request.url}`, {
        headers: { authorization: request.headers.authorization ?? "" },
      }),
      handle.db,
      { token: metricsToken },
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
  });
  await new Promise<void>((resolve) => portal!.listen(0, "127.0.0.1", resolve));

  let config: MonitoringConfig = {
    configDir: path.join(tmp, "config"),
    amtoolBin: "amtool",
    vmalertBin: "vmalert",
    webhookUrl: `${recorderUrl}/member`,
    webhookToken: "antenna-alerts-webhook-token-0123",
    timings: fastTimings,
    // The hub's own configuration: its default receiver is where hub alerts (no member) end up.
    alertmanagerBase: {
      route: { receiver: "hub-default", group_wait: "1s", group_interval: "1s" },
      receivers: [{ name: "hub-default", webhook_configs: [{ url: `${recorderUrl}/hub` }] }],
    },
  };
  stack = await startStack({
    workDir: path.join(tmp, "stack"),
    configDir: config.configDir,
    timings: fastTimings,
    // The antennas' tier is its own instance, beside the default one (no tier: the hub's own series): its vmalert
    // evaluates rules/<tier>/, reading the tier through vmauth as the tier's reader.
    tiers: [{ id: tier, retention: "1d" }],
    portalMetrics: {
      url: `http://127.0.0.1:${(portal.address() as AddressInfo).port}/metrics/antennas`,
      bearerToken: metricsToken,
    },
  });
  // With the key: the tier's vmauth service users, which vmagent writes and its vmalert reads as.
  const key = randomBytes(32);
  await createTier(handle.db, { id: tier, writeUrl: squats().victoriaMetrics, readUrl: stack.urls.vmauth, key });
  await addAntenna(handle.db, key, { id: antenna.silent, tierId: tier, noClientHours: 2 });
  await addAntenna(handle.db, key, { id: antenna.left, tierId: tier, noClientHours: 2 });
  await addAntenna(handle.db, key, { id: antenna.quiet, tierId: tier, noClientHours: 2 });
  await addAntenna(handle.db, key, { id: antenna.busy, tierId: tier, noClientHours: 2 });
  await addAntenna(handle.db, key, { id: antenna.revoked, tierId: tier });
  expect(await revokeAntenna(handle.db, testAdmin, antenna.revoked)).toMatchObject({ ok: true });
  // A member with a target, so the rendered configuration has a member route the antenna alerts must not take.
  const memberId = (await upsertMemberFromOidc(handle.db, { subject: "antenna-alerts", isAdmin: false })).id;
  const policy = { allowedNetworks: ["127.0.0.1/32"], autoApprovedNetworks: ["127.0.0.1/32"], monitoringHosts: [] };
  expect(
    await createTarget(handle.db, memberId, { kind: "ping", label: "p", host: "127.0.0.1" }, policy, 10),
  ).toMatchObject({ ok: true });
  config = { ...config, ...stackServiceConfig(stack), secretKey: key };
  expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });
  await backfillStations();
  await writeLive();
  writer = setInterval(() => void writeLive().catch(() => undefined), 1_000);
}, 60_000);

afterAll(async () => {
  if (writer) clearInterval(writer);
  await stack?.stop();
  for (const server of [recorder, portal])
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("antenna alerts against the real VictoriaMetrics, vmalert and Alertmanager", () => {
  it("publishes the info series of the antennas not revoked, scraped with the portal's token", async () => {
    const info = await waitFor(
      "the info series scraped",
      async () => {
        const result = await query("vigie_antenna_info");
        return result.length >= 4 ? result : undefined;
      },
      30_000,
    );
    expect(info.map((series) => series.metric.antenna).sort()).toEqual([
      antenna.busy,
      antenna.left,
      antenna.quiet,
      antenna.silent,
    ]);
    expect(info.every((series) => series.metric.tier === tier)).toBe(true);
    expect(await query('vigie_antenna_no_client_hours{antenna="a_quiet"}')).toHaveLength(1);
  }, 40_000);

  it("fires AntennaNoClients for the antenna without stations over its N hours only", async () => {
    const started = Date.now();
    const quiet = await waitFor(
      "AntennaNoClients for a_quiet",
      firing("/hub", "AntennaNoClients", antenna.quiet),
      40_000,
    );
    console.log(`info scraped → AntennaNoClients at the hub's receiver: ${Date.now() - started} ms`);
    expect(quiet.labels).toMatchObject({ antenna: antenna.quiet, tier, severity: "warning" });
    // How long without a client (its 3 hours of counts, all 0), not its setting of 2.
    expect(quiet.annotations.summary).toMatch(/ for 3\.0 hours$/);
    // A few more evaluations: the antenna that had clients an hour ago stays quiet, and so does the one silent for
    // 2.5 hours whose last client, 3 hours ago, is older than its N: it is AntennaSilent's.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const noClients = alertsAt("/hub").filter((a) => a.labels.alertname === "AntennaNoClients");
    expect(new Set(noClients.map((a) => a.labels.antenna))).toEqual(new Set([antenna.quiet]));
    expect(firing("/hub", "AntennaSilent", antenna.left)()).toBeDefined();
  }, 60_000);

  it("fires AntennaSilent for the antenna that stopped sending, at the hub's default receiver only", async () => {
    expect(firing("/hub", "AntennaSilent", antenna.silent)()).toBeUndefined();
    sending.delete(antenna.silent);
    const stopped = Date.now();
    const silent = await waitFor("AntennaSilent for a_silent", firing("/hub", "AntennaSilent", antenna.silent), 60_000);
    console.log(`antenna stopped sending → AntennaSilent at the hub's receiver: ${Date.now() - stopped} ms`);
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    const silentAlerts = alertsAt("/hub").filter((a) => a.labels.alertname === "AntennaSilent");
    expect(new Set(silentAlerts.map((a) => a.labels.antenna))).toEqual(new Set([antenna.silent, antenna.left]));
    // Silent, so never also without clients, whatever its N.
    const noClients = alertsAt("/hub").filter((a) => a.labels.alertname === "AntennaNoClients");
    expect(noClients.map((a) => a.labels.antenna).filter((id) => id !== antenna.quiet)).toEqual([]);
    expect(Object.keys(silent.labels).sort()).toEqual(["alertgroup", "alertname", "antenna", "severity", "tier"]);
    // Never to a member: the relay's route received no antenna alert.
    expect(alertsAt("/member").filter((a) => a.labels.alertname?.startsWith("Antenna"))).toEqual([]);
    // Evaluated by the antennas' tier's vmalert, on its own instance; the default one knows nothing of antennas.
    const firingIn = async (vmalert: string) => {
      const response = await fetch(`${vmalert}/api/v1/alerts`);
      // vmalert 1.79 lists no alerts as `null`.
      const { data } = (await response.json()) as { data: { alerts: { name: string }[] | null } };
      return (data.alerts ?? []).map((alert) => alert.name).filter((name) => name.startsWith("Antenna"));
    };
    expect(await firingIn(squats().vmalert)).toContain("AntennaSilent");
    expect(await firingIn(stack!.urls.vmalert)).toEqual([]);
  }, 80_000);
});
