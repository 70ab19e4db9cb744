import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadAntennaDashboard } from "@/lib/antennas/load-antenna-dashboard";
import { updateAntenna } from "@/lib/antennas/mutations";
import { antennaMetric } from "@/lib/antennas/series";
import { parseSecretKey } from "@/lib/crypto";
import type { DbHandle } from "@/lib/db/client";
import { members, targets, tierMoves } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { newId } from "@/lib/ids";
import { addAntenna, createTier, testAdmin } from "@/lib/testing/antennas/rows";
import { createTestDatabase } from "@/lib/testing/database";
import { formatSample, importSamples } from "@/lib/testing/victoria-metrics-samples";
import { assignKindTier } from "@/lib/tiers/mutations";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "@/scripts/stack/standalone-victoria-metrics";
import { withKindHistory } from "./kind-history";
import { loadDashboard } from "./load-dashboard";
import { loadResponseHistory } from "./response-history";
import { metricsClientsByKind, tierMetricsClient } from "./tier-sources";

// A subject moved between two real VictoriaMetrics six hours ago: its twelve hours of history are half in each.
const minute = 60_000;
const hour = 60 * minute;
const now = new Date();
const movedAt = new Date(now.getTime() - 6 * hour);
let workDir: string;
let handle: DbHandle;
let vmOld: VictoriaMetricsServer;
let vmNew: VictoriaMetricsServer;
const member = newId("m");
const target = newId("t");

/** One sample a minute from `fromMs` back for `minutes`. */
const everyMinute = (fromMs: number, minutes: number) =>
  Array.from({ length: minutes }, (_, i) => new Date(fromMs - i * minute));

/** What an antenna's telegraf sends, one sample a minute over `times`. */
function antennaLines(antenna: string, times: Date[], stations: number, dbm: number): string[] {
  return times.flatMap((at) => [
    formatSample({ metric: antennaMetric.uptime, labels: { antenna }, value: 1_000, at }),
    formatSample({ metric: antennaMetric.stations, labels: { antenna, interface: "wlan0" }, value: stations, at }),
    formatSample({
      metric: antennaMetric.stationSignalDbm,
      labels: { antenna, interface: "wlan0", station: "5f3a0c1d2e4b" },
      value: dbm,
      at,
    }),
  ]);
}

const durationLines = (times: Date[], seconds: number) =>
  times.map((at) =>
    formatSample({ metric: "probe_duration_seconds", labels: { member, target, kind: "ping" }, value: seconds, at }),
  );

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), "vigie-tier-history-"));
  for (const tier of ["old", "new"]) mkdirSync(path.join(workDir, tier));
  [vmOld, vmNew, handle] = await Promise.all([
    startVictoriaMetrics(path.join(workDir, "old")),
    startVictoriaMetrics(path.join(workDir, "new")),
    createTestDatabase(),
  ]);
  const key = randomBytes(32).toString("base64");
  vi.stubEnv("VIGIE_SECRET_KEY", key);
  resetEnvForTests();
  const secretKey = parseSecretKey(key);
  // Antennas and target kinds never share a tier, nor a tier an instance: the kinds' tiers are written elsewhere
  // (nothing here writes through vmauth) and read from the same two instances, which is all the dashboards see.
  await createTier(handle.db, { id: "r_ant_old", writeUrl: vmOld.url, key: secretKey });
  await createTier(handle.db, { id: "r_ant_new", writeUrl: vmNew.url, key: secretKey });
  await createTier(handle.db, { id: "r_kind_old", writeUrl: "http://127.0.0.1:2", readUrl: vmOld.url, key: secretKey });
  await createTier(handle.db, { id: "r_kind_new", writeUrl: "http://127.0.0.1:3", readUrl: vmNew.url, key: secretKey });

  // The moves, made by the admin pages' own mutations, then dated back to six hours ago.
  const antenna = await addAntenna(handle.db, secretKey, { tierId: "r_ant_old", placeCode: "SQ-MOVED" });
  expect(
    await updateAntenna(handle.db, testAdmin, antenna.id, {
      placeCode: "SQ-MOVED",
      tierId: "r_ant_new",
      notes: "",
      noClientHours: "12",
    }),
  ).toMatchObject({ ok: true });
  await handle.db.insert(members).values({ id: member, oidcSubject: `sub-${member}` });
  await handle.db
    .insert(targets)
    .values({ id: target, memberId: member, label: "Moved ping", kind: "ping", address: "192.0.2.7" });
  expect(await assignKindTier(handle.db, testAdmin, "ping", "r_kind_old")).toMatchObject({ ok: true });
  expect(await assignKindTier(handle.db, testAdmin, "ping", "r_kind_new")).toMatchObject({ ok: true });
  await handle.db.update(tierMoves).set({ movedAt });
  // The first assignment (no tier → old) is older than any window here.
  await handle.db
    .update(tierMoves)
    .set({ movedAt: new Date(now.getTime() - 20 * 86_400_000) })
    .where(eq(tierMoves.toTierId, "r_kind_old"));

  const beforeMove = everyMinute(movedAt.getTime() - minute, 6 * 60);
  // The new tier hears nothing for the hour before the last two; the old one gets a late write then (a sender not
  // yet switched), which is not the subject's tier at that time: the gap stays a gap.
  const gap = (at: Date) => at.getTime() > now.getTime() - 3 * hour && at.getTime() <= now.getTime() - 2 * hour;
  const afterMove = everyMinute(now.getTime() - minute, 6 * 60 - 2).filter((at) => !gap(at));
  const lateWrite = everyMinute(now.getTime() - 2 * hour - 10 * minute, 30);
  await importSamples(vmOld.url, [
    ...antennaLines(antenna.id, beforeMove, 3, -70),
    ...antennaLines(antenna.id, lateWrite, 99, -20),
    ...durationLines(beforeMove, 0.2),
    ...durationLines(lateWrite, 9),
  ]);
  await importSamples(vmNew.url, [...antennaLines(antenna.id, afterMove, 5, -50), ...durationLines(afterMove, 0.05)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([vmOld?.stop(), vmNew?.stop()]);
  await handle?.close();
  vi.unstubAllEnvs();
  resetEnvForTests();
  rmSync(workDir, { recursive: true, force: true });
});

describe("dashboards across a tier move, against two real instances", () => {
  it("the antenna dashboard joins the old tier before the move and the new one after, and says so", async () => {
    const dashboard = await loadAntennaDashboard(handle.db, testAdmin, { window: "24h", now });
    const [row] = dashboard.rows;
    expect(dashboard.unavailableTiers).toBe(0);
    expect(dashboard.moves).toEqual([{ placeCode: "SQ-MOVED", movedAt }]);
    // Eleven hours of reports out of 24, the old tier's six included; its late write (99 stations) is not.
    expect(row!.summary).toMatchObject({ clientsPeak: 5, signalMin: -70 });
    expect(row!.summary!.uptime).toBeGreaterThan(0.44);
    expect(row!.summary!.uptime).toBeLessThan(0.49);
    const moved = movedAt.getTime() / 1000;
    const clients = dashboard.charts.clients;
    expect(clients.filter((point) => point.time < moved).map((point) => point.value)).toContain(3);
    expect(new Set(clients.filter((point) => point.time > moved + 600).map((point) => point.value))).toEqual(
      new Set([5]),
    );
    expect(clients.every((point) => point.value !== 99)).toBe(true);
    // The signal average over the day weighs both halves: between the old -70 and the new -50.
    expect(row!.summary!.signalAvg).toBeGreaterThan(-65);
    expect(row!.summary!.signalAvg).toBeLessThan(-55);

    // Without the recorded move the page would read the new tier alone: half the history gone.
    const saved = await handle.db.select().from(tierMoves).where(eq(tierMoves.subjectType, "antenna"));
    await handle.db.delete(tierMoves).where(eq(tierMoves.subjectType, "antenna"));
    const alone = await loadAntennaDashboard(handle.db, testAdmin, { window: "24h", now });
    expect(alone.rows[0]!.summary).toMatchObject({ clientsPeak: 5, signalMin: -50 });
    expect(alone.rows[0]!.summary!.uptime).toBeLessThan(0.23);
    expect(alone.moves).toEqual([]);
    await handle.db.insert(tierMoves).values(saved);

    // The tier left does not answer: no figures rather than half a window's, and the page counts the tier.
    const oldDown = await loadAntennaDashboard(handle.db, testAdmin, {
      window: "24h",
      now,
      clientFor: (reader) =>
        reader.tierId === "r_ant_old"
          ? tierMetricsClient("http://127.0.0.1:9", null, 1_000)
          : tierMetricsClient(reader.readUrl, reader.access),
    });
    expect(oldDown.unavailableTiers).toBe(1);
    expect(oldDown.rows[0]!.summary).toBeNull();
    expect(oldDown.charts.clients).toEqual([]);

    // A window that starts after the move asks the old tier nothing and shows no move.
    const asked: string[] = [];
    const later = await loadAntennaDashboard(handle.db, testAdmin, {
      window: "24h",
      now: new Date(now.getTime() + 20 * hour),
      clientFor: (reader) => {
        asked.push(reader.tierId);
        return tierMetricsClient(reader.readUrl, reader.access);
      },
    });
    expect(asked).toEqual(["r_ant_new"]);
    expect(later.moves).toEqual([]);
  });

  it("the member dashboard's response-time chart joins both tiers, and the move is named for the page's note", async () => {
    const history = await withKindHistory(handle.db, await metricsClientsByKind(handle.db), undefined, { now });
    expect(history.moves).toEqual([{ kind: "ping", movedAt }]);
    const dashboard = await loadDashboard(handle.db, member, { metricsByKind: history.metricsByKind, now });
    expect(dashboard.metrics).toBe("available");
    const chart = await loadResponseHistory(handle.db, member, target, "24h", {
      metricsByKind: history.metricsByKind,
      now,
    });
    const moved = movedAt.getTime() / 1000;
    const step = chart!.step;
    // Twelve hours of data in at most 300 points: one every 144 s.
    expect(step).toBe(144);
    const before = chart!.points.filter((point) => point.time < moved);
    const after = chart!.points.filter((point) => point.time > moved + step);
    // The 6 hours before the move hold the old tier's samples (200 ms), then the new tier's 50 ms.
    expect(before.length).toBeGreaterThan(100);
    expect(new Set(before.map((point) => point.ms))).toEqual(new Set([200]));
    expect(after.length).toBeGreaterThan(80);
    // The late write into the old tier (9 s) falls in the new tier's silent hour: not shown.
    expect(new Set(after.map((point) => point.ms))).toEqual(new Set([50]));

    // Without the history the chart starts at the move.
    const alone = await loadResponseHistory(handle.db, member, target, "24h", {
      metricsByKind: await metricsClientsByKind(handle.db),
      now,
    });
    expect(alone!.points.every((point) => point.time > moved)).toBe(true);
  });
});
