import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { antennaMetric } from "@/lib/antennas/series";
import { type RemoteWriteSeries, remoteWriteBody, remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { adminAntennasPage } from "./pages/admin-antennas-page";
import { expectNoViolations } from "./support/axe";
import { expect, test } from "./support/test";

const minute = 60_000;
const hour = 60 * minute;
const step = 10 * minute;

/** Three stations seen by the antenna, as its script names them: 12 hex chars of a hash, never the MAC. */
const stations = ["02:1a:2b:3c:4d:5e", "02:1a:2b:3c:4d:5f", "02:1a:2b:3c:4d:60"].map((mac) =>
  createHash("sha256").update(`e2e-salt${mac}`).digest("hex").slice(0, 12),
);
const signals = [-48, -71, -63];
/** Stations per access point: 3 on the 2.4 GHz one, 1 on the 5 GHz one. */
const accessPoints = [
  { interface: "phy0-ap0", stations: 3 },
  { interface: "phy1-ap0", stations: 1 },
];
/** The clients' traffic per access point, in bytes a minute: received = their uploads, sent = their downloads. */
const receivedPerMinute = 750_000;
const sentPerMinute = 3_000_000;

/**
 * What the antenna's telegraf sends over the last day and twenty minutes, one sample a minute (serialised as
 * its prometheusremotewrite serializer does; no `antenna` label, vmauth adds it), except for six hours when the
 * antenna was off: no series at all, then uptime and byte counters start again from zero (a reboot).
 * `silence` is aligned on the dashboard's 10-minute steps, so exactly 36 of its points have no report.
 */
function antennaDay(now: number, silence: { from: number; to: number }): RemoteWriteSeries[] {
  const times: number[] = [];
  for (let at = now - 24 * hour - 20 * minute; at <= now; at += minute)
    if (at <= silence.from || at > silence.to) times.push(at);
  const bootedAt = (at: number) => (at <= silence.from ? now - 30 * 24 * hour : silence.to);
  const minutesUp = (at: number) => Math.floor((at - bootedAt(at)) / minute);
  const series = (labels: Record<string, string>, value: (at: number) => number): RemoteWriteSeries => ({
    labels,
    samples: times.map((at) => ({ value: value(at), timestampMs: at })),
  });
  return [
    series({ __name__: antennaMetric.uptime }, (at) => minutesUp(at) * 60),
    ...accessPoints.flatMap((ap) => [
      series({ __name__: antennaMetric.stations, interface: ap.interface }, () => ap.stations),
      series(
        { __name__: antennaMetric.bytesReceived, interface: ap.interface, role: "clients" },
        (at) => minutesUp(at) * receivedPerMinute,
      ),
      series(
        { __name__: antennaMetric.bytesSent, interface: ap.interface, role: "clients" },
        (at) => minutesUp(at) * sentPerMinute,
      ),
    ]),
    ...stations.map((station, index) =>
      series({ __name__: antennaMetric.stationSignalDbm, interface: "phy0-ap0", station }, () => signals[index]!),
    ),
  ];
}

test("the antenna dashboard shows what an antenna wrote through vmauth, keeps it across a tier move, and passes axe with data", async ({
  signUp,
}) => {
  const { page } = await signUp("Admin", { admin: true });
  const antennas = adminAntennasPage(page);
  await antennas.goto();
  // The seeded "Squats" tier, for antennas: its own VictoriaMetrics, which vmauth writes the antenna's series to.
  const placeCode = `DSH-${Date.now() % 1_000_000}`;
  await antennas.register({ placeCode, tier: "Squats", notes: "Mât côté rue" });
  await expect(antennas.credential(placeCode)).toBeVisible();
  const password = await antennas.password(placeCode);
  const antennaId = (await antennas.antennaId(placeCode))!;

  // Where and as whom the antenna writes, read from its own bundle, as telegraf reads its configuration.
  const bundle = await page.request.get(`/api/admin/antennas/${antennaId}/bundle?locale=fr`);
  expect(bundle.status()).toBe(200);
  const telegrafConf = gunzipSync(await bundle.body()).toString("latin1");
  const writeUrl = /^\s*url = "([^"]+)"$/m.exec(telegrafConf)![1]!;
  const username = /^\s*username = "([^"]+)"$/m.exec(telegrafConf)![1]!;
  expect(username).toBe(`antenna-${antennaId}-g1`);

  // Not within a minute of a 10-minute boundary: the page must draw the same steps as the ones written.
  const untilBoundary = step - (Date.now() % step);
  if (untilBoundary < minute) await new Promise((resolve) => setTimeout(resolve, untilBoundary + 1_000));
  const now = Date.now();
  const lastStep = Math.floor(now / step) * step;
  const silence = { from: lastStep - 7 * hour, to: lastStep - hour };
  const body = remoteWriteBody(antennaDay(now, silence));
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  // vmauth knows the antenna once the sync its registration asked for has applied.
  await expect(async () => {
    const response = await fetch(writeUrl, {
      method: "POST",
      headers: { ...remoteWriteHeaders, Authorization: authorization },
      body: new Uint8Array(body),
    });
    expect(response.status).toBe(204);
  }).toPass({ timeout: 30_000 });

  // Backfilled history, as VictoriaMetrics' documentation says to handle it: made searchable now, and no query
  // result cached before the write (another test's page over the same tier) hides it. The tier's instance is one
  // of these; the others ignore it. A live antenna writes the present, which needs neither.
  for (const instance of process.env.E2E_VICTORIA_METRICS_URLS!.split(",")) {
    for (const path of ["/internal/force_flush", "/internal/resetRollupResultCache"]) {
      const response = await fetch(`${instance}${path}`);
      expect(response.ok, `${instance}${path}`).toBe(true);
    }
  }

  const row = page.locator("tbody tr", { has: page.getByRole("rowheader", { name: placeCode, exact: true }) });
  const cells = row.getByRole("cell");
  const dbm = (value: number) => `${new Intl.NumberFormat("fr", { maximumFractionDigits: 0 }).format(value)} dBm`;
  const weakest = dbm(Math.min(...signals));
  const average = dbm(signals.reduce((sum, value) => sum + value, 0) / signals.length);

  // All antennas: this one's row holds what it wrote (VictoriaMetrics may take a moment to show a write).
  await expect(async () => {
    await page.goto("/fr/admin/antennas/dashboard");
    await expect(cells.nth(0)).toHaveText("4", { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByText("Toutes les antennes sur 24 heures")).toBeVisible();
  // Mean bit rates of the clients' traffic on both access points: 2 × 750 kB a minute up (200 kbit/s), 2 × 3 MB
  // down (800 kbit/s), within 10 %: the steps at the edges of the silence (a counter reset) count a little apart.
  const kilobits = async (index: number) => {
    const text = (await cells.nth(index).innerText()).replace(/\s/g, "");
    expect(text).toMatch(/^[\d,]+kbit\/s$/);
    return Number(text.replace(/kbit\/s$/, "").replace(",", "."));
  };
  const upload = await kilobits(1);
  expect(upload).toBeGreaterThan(180);
  expect(upload).toBeLessThan(220);
  const download = await kilobits(2);
  expect(download).toBeGreaterThan(720);
  expect(download).toBeLessThan(880);
  // Reported 18 hours of 24 (the six silent hours are 36 of its 145 points, over 144 steps: 109 / 144).
  const uptime = Number((await cells.nth(3).innerText()).replace(/[^\d,]/g, "").replace(",", "."));
  expect(uptime).toBeGreaterThanOrEqual(74.3);
  expect(uptime).toBeLessThanOrEqual(76.4);
  await expect(cells.nth(4)).toHaveText(weakest);
  await expect(cells.nth(5)).toHaveText(average);

  // The antenna alone, chosen in the page's own filter.
  await page.getByRole("combobox", { name: "Antenne", exact: true }).selectOption({ label: placeCode });
  await page.getByRole("button", { name: "Afficher" }).click();
  await expect(page).toHaveURL(new RegExp(`antenna=${antennaId}`));
  await expect(page.getByText(`Antenne ${placeCode} sur 24 heures`)).toBeVisible();
  const chart = (title: string) =>
    page.locator("section", { has: page.getByRole("heading", { name: title, exact: true }) });
  await expect(chart("Clients connectés")).toContainText("Minimum 4, moyenne 4, maximum 4.");
  await expect(chart("Signal de station le plus faible")).toContainText(
    `Minimum ${weakest}, moyenne ${weakest}, maximum ${weakest}.`,
  );
  await expect(chart("Signal moyen des stations")).toContainText(`Minimum ${average}, moyenne ${average}`);
  for (const title of [
    "Envoi des clients (reçu par les points d’accès)",
    "Réception des clients (envoyé par les points d’accès)",
  ])
    await expect(chart(title)).toContainText(/Minimum .+ bit\/s, moyenne .+ bit\/s, maximum .+ bit\/s\./);
  await expect(chart("Disponibilité (envoie des données)").locator(".uplot canvas")).toBeVisible();
  await expect(page.getByRole("table")).toContainText(placeCode);
  await expect(cells.nth(0)).toHaveText("4");

  // Moved to another tier: its history stays in Squats, and the page still shows it, saying where it comes from.
  // The e2e hub's second antenna tier (its own instance, which vmagent writes): a tier an admin adds here would
  // be refused, vmagent having no remote write for it yet.
  const newTier = "Squats bis";
  await antennas.goto();
  await antennas.moveTo(placeCode, newTier);
  await expect(antennas.antenna(placeCode).locator("dd").first()).toHaveText(newTier);
  await page.goto(`/fr/admin/antennas/dashboard?antenna=${antennaId}`);
  await expect(page.getByText(`L’antenne ${placeCode} a changé de niveau de rétention le `)).toBeVisible();
  await expect(cells.nth(0)).toHaveText("4");
  await expect(cells.nth(4)).toHaveText(weakest);
  const uptimeAfterMove = Number((await cells.nth(3).innerText()).replace(/[^\d,]/g, "").replace(",", "."));
  expect(uptimeAfterMove).toBeGreaterThanOrEqual(74.3);

  // With figures, charts, the table and the move's note drawn: no WCAG violation, in every language, all antennas
  // and one.
  for (const locale of ["fr", "nl", "en"] as const) {
    for (const query of ["", `?antenna=${antennaId}`]) {
      await page.goto(`/${locale}/admin/antennas/dashboard${query}`);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(cells.nth(0)).toHaveText("4");
      await expect(page.locator(".uplot canvas").first()).toBeVisible();
      await expectNoViolations(page);
    }
  }
});
