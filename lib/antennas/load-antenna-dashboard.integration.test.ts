import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSecretKey } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { addAntenna, createTier } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { adminScopeFor } from "@/lib/testing/scopes";
import { formatSample, importSamples } from "@/lib/testing/victoria-metrics-samples";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "@/scripts/stack/standalone-victoria-metrics";
import { type StandaloneVmauth, startStandaloneVmauth } from "@/scripts/stack/standalone-vmauth";
import { loadAntennaDashboard } from "./load-antenna-dashboard";
import { revokeAntenna } from "./mutations";
import { antennaMetric } from "./series";

// The antenna dashboard against two real tiers: one read directly, one behind vmauth with a read credential
// stored sealed as the tiers page stores it; a third tier does not answer.
const minute = 60_000;
const now = new Date();
const admin = adminScopeFor("m_admin");
const readerPassword = randomBytes(24).toString("base64url");
let workDir: string;
let handle: DbHandle;
let vmA: VictoriaMetricsServer;
let vmB: VictoriaMetricsServer;
let vmauth: StandaloneVmauth;

/** Two hours of what an antenna's telegraf sends, one sample a minute. */
function antennaSeries(antenna: string, stations: number, signals: number[], bytesPerSecond: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const at = new Date(now.getTime() - minute - i * minute);
    const seconds = (120 - i) * 60;
    const sample = (metric: string, labels: Record<string, string>, value: number) =>
      lines.push(formatSample({ metric, labels: { antenna, ...labels }, value, at }));
    sample(antennaMetric.uptime, {}, 10_000 + seconds);
    sample(antennaMetric.stations, { interface: "wlan0" }, stations);
    sample(antennaMetric.bytesReceived, { interface: "phy0-ap0", role: "clients" }, bytesPerSecond * seconds);
    sample(antennaMetric.bytesSent, { interface: "phy0-ap0", role: "clients" }, (bytesPerSecond / 2) * seconds);
    // The uplink (as a bundle before the role tag sent it) carries the same traffic again: never counted.
    sample(antennaMetric.bytesReceived, { interface: "wan" }, 1_000_000 * seconds);
    sample(antennaMetric.bytesSent, { interface: "eth0" }, 1_000_000 * seconds);
    signals.forEach((dbm, s) => {
      sample(antennaMetric.stationSignalDbm, { interface: "wlan0", station: `5f3a${s}` }, dbm);
    });
  }
  return lines;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-antenna-dashboard-"));
  for (const tier of ["a", "b"]) mkdirSync(path.join(workDir, tier));
  [vmA, vmB, handle] = await Promise.all([
    startVictoriaMetrics(path.join(workDir, "a")),
    startVictoriaMetrics(path.join(workDir, "b")),
    createTestDatabase(),
  ]);
  vmauth = await startStandaloneVmauth({
    workDir,
    config: `users:\n  - username: reader-r_b\n    password: ${readerPassword}\n    url_map:\n      - src_paths: ["/api/v1/query", "/api/v1/query_range"]\n        url_prefix: "${vmB.url}"\n`,
  });
  const key = randomBytes(32).toString("base64");
  process.env.VIGIE_SECRET_KEY = key;
  resetEnvForTests();
  const secretKey = parseSecretKey(key);
  await createTier(handle.db, { id: "r_a", writeUrl: vmA.url, key: secretKey });
  await createTier(handle.db, {
    id: "r_b",
    writeUrl: vmB.url,
    readUrl: vmauth.url,
    readUsername: "reader-r_b",
    readPassword: readerPassword,
    key: secretKey,
  });
  await createTier(handle.db, { id: "r_down", writeUrl: "http://127.0.0.1:9", key: secretKey });
  await addAntenna(handle.db, secretKey, { id: "a_1", tierId: "r_a", placeCode: "SQ-1" });
  await addAntenna(handle.db, secretKey, { id: "a_2", tierId: "r_b", placeCode: "SQ-2" });
  await addAntenna(handle.db, secretKey, { id: "a_3", tierId: "r_down", placeCode: "SQ-3" });
  await addAntenna(handle.db, secretKey, { id: "a_4", tierId: "r_a", placeCode: "SQ-4" });
  expect(await revokeAntenna(handle.db, admin, "a_4")).toMatchObject({ ok: true });
  await importSamples(vmA.url, [
    ...antennaSeries("a_1", 3, [-50, -70], 1_000),
    // Written under an id the database does not know, and by a revoked antenna: neither reaches the page.
    ...antennaSeries("a_ghost", 50, [-20], 1_000_000),
    ...antennaSeries("a_4", 40, [-20], 1_000_000),
  ]);
  await importSamples(vmB.url, antennaSeries("a_2", 1, [-60], 3_000));
}, 60_000);

afterAll(async () => {
  await vmauth?.stop();
  await Promise.all([vmA?.stop(), vmB?.stop()]);
  await handle?.close();
  delete process.env.VIGIE_SECRET_KEY;
  resetEnvForTests();
  rmSync(workDir, { recursive: true, force: true });
});

describe("loadAntennaDashboard against real tiers", () => {
  it("summarises every antenna from its own tier, through the tier's read credential", async () => {
    const dashboard = await loadAntennaDashboard(handle.db, admin, { window: "24h", now });
    expect(dashboard.antennas.map((antenna) => antenna.placeCode)).toEqual(["SQ-1", "SQ-2", "SQ-3"]);
    expect(dashboard.unavailableTiers).toBe(1);
    const [a1, a2, a3] = dashboard.rows;
    expect(a1!.summary).toMatchObject({ clientsPeak: 3, signalMin: -70, signalAvg: -60 });
    // Bytes become bits; the loopback's traffic is left out.
    expect(a1!.summary!.bandwidthInAvg).toBeCloseTo(8_000, -2);
    expect(a1!.summary!.bandwidthOutAvg).toBeCloseTo(4_000, -2);
    // Two hours of reports out of 24: about one step in twelve.
    expect(a1!.summary!.uptime).toBeGreaterThan(0.07);
    expect(a1!.summary!.uptime).toBeLessThan(0.11);
    expect(a2!.summary).toMatchObject({ clientsPeak: 1, signalMin: -60, signalAvg: -60 });
    expect(a2!.summary!.bandwidthInAvg).toBeCloseTo(24_000, -2);
    expect(a3!.summary).toBeNull();

    // All antennas together: stations add up, two antennas report, the weakest signal is a_1's.
    expect(Math.max(...dashboard.charts.clients.map((point) => point.value))).toBe(4);
    expect(Math.max(...dashboard.charts.up.map((point) => point.value))).toBe(2);
    expect(Math.min(...dashboard.charts.signalMin.map((point) => point.value))).toBe(-70);
  }, 30_000);

  it("shows one antenna alone, over 90 days too", async () => {
    const dashboard = await loadAntennaDashboard(handle.db, admin, { window: "90d", antennaId: "a_2", now });
    expect(dashboard.selected?.placeCode).toBe("SQ-2");
    expect(dashboard.rows.map((row) => row.id)).toEqual(["a_2"]);
    expect(dashboard.unavailableTiers).toBe(0);
    expect(dashboard.charts.clients.length).toBeGreaterThan(0);
    expect(dashboard.charts.clients.every((point) => point.value === 1)).toBe(true);
  }, 30_000);

  it("treats an unknown or revoked antenna as no selection, and has no data for a fresh window", async () => {
    const revoked = await loadAntennaDashboard(handle.db, admin, { window: "7d", antennaId: "a_4", now });
    expect(revoked.selected).toBeNull();
    const later = new Date(now.getTime() + 3 * 86_400_000);
    const empty = await loadAntennaDashboard(handle.db, admin, { window: "24h", antennaId: "a_1", now: later });
    expect(empty.charts.clients).toEqual([]);
    expect(empty.rows[0]!.summary).toMatchObject({ clientsPeak: null, uptime: 0 });
  }, 30_000);
});
