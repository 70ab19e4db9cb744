import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { renderAntennaBundle } from "@/lib/antennas/bundle";
import { readAntennaForBundle } from "@/lib/antennas/bundle-data";
import { registerAntenna } from "@/lib/antennas/mutations";
import type { DbHandle } from "@/lib/db/client";
import { locales } from "@/lib/i18n/config";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTarget } from "@/lib/targets/mutations";
import { fixtureMacs, iwFixtures } from "@/lib/testing/antennas/bundle-fixtures";
import { runUnderBusybox } from "@/lib/testing/antennas/busybox";
import { succeeded, testAdmin } from "@/lib/testing/antennas/rows";
import { influxToRemoteWrite } from "@/lib/testing/antennas/telegraf-remote-write";
import { createTestDatabase } from "@/lib/testing/database";
import { remoteWriteBody, remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { stackServiceConfig } from "@/lib/testing/monitoring/stack-config";
import { personalDataIn } from "@/lib/testing/privacy-scan";
import { waitFor } from "@/lib/testing/wait-for";
import { seedDefaultTiers } from "@/lib/tiers/defaults";
import { type Stack, startStack } from "@/scripts/stack/stack";
import { respondWithAntennaInfo } from "./antenna-info";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { servicePasswordFile } from "./render-vmauth";
import { fastTimings } from "./timings";

/**
 * The privacy scan the issue asks for: after a member's targets and an antenna went through the whole path (the
 * portal's rendering and sync, the real stack, the antenna's own bundle and station script with real MACs under
 * busybox, vmauth into its tier), nothing identifying a person is in any rendered file, the bundle, the logs of
 * this run (the portal's and every service's) or any series of any tier's VictoriaMetrics.
 */
const person = {
  email: "alice.privacy-scan@example.org",
  displayName: "Alice Scanvliet",
  // What an admin may write in the free notes: not refused (no e-mail, phone or address), never to leave the portal.
  notes: "Sur le toit, clé chez la voisine du deuxième",
};
const token = "privacy-webhook-token-0123456789abcdef";
const metricsToken = "privacy-metrics-token-0123456789";
const key = randomBytes(32);
const tierIds = { squats: newId("r"), ffdn: newId("r"), vps: newId("r"), infra: newId("r") };
const policy = { allowedNetworks: ["127.0.0.1/32"], autoApprovedNetworks: ["127.0.0.1/32"], monitoringHosts: [] };
let tmp: string;
let handle: DbHandle;
let stack: Stack | undefined;
let config: MonitoringConfig;
let antennaId: string;
let placeCode: string;
/** The antenna's credential as the portal issued it: no log may hold it, in clear or as a Basic token. */
let antennaCredential: { username: string; password: string };
const servers: Server[] = [];
const logged: string[] = [];
const bundles: Record<string, string> = {};

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every series an instance holds, names and labels as JSON lines (values are numbers). */
async function everySeries(victoriaMetrics: string): Promise<string> {
  await (await fetch(`${victoriaMetrics}/internal/force_flush`)).body?.cancel();
  const query = new URLSearchParams({ "match[]": '{__name__=~".+"}', start: "0" });
  const response = await fetch(`${victoriaMetrics}/api/v1/series?${query}`);
  return JSON.stringify(await response.json());
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-privacy-"));
  handle = await createTestDatabase();
  for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
    vi.spyOn(log, level).mockImplementation((...args: unknown[]) => void logged.push(JSON.stringify(args)));
  }
  const member = await upsertMemberFromOidc(handle.db, {
    subject: "privacy-scan",
    email: person.email,
    displayName: person.displayName,
    isAdmin: false,
  });
  const relayPort = await listen((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(200).end());
  });
  const brickPort = await listen((_request, response) => response.writeHead(200).end("ok"));
  const portalPort = await listen(async (request, response) => {
    const answer = await respondWithAntennaInfo(
      new Request(`http://127.0.0.1${request.url}`, {
        headers: { authorization: request.headers.authorization ?? "" },
      }),
      handle.db,
      { token: metricsToken, open: false },
    );
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
  });
  config = {
    configDir: path.join(tmp, "config"),
    amtoolBin: "amtool",
    vmalertBin: "vmalert",
    webhookUrl: `http://127.0.0.1:${relayPort}/api/alertmanager/webhook`,
    webhookToken: token,
    timings: fastTimings,
    secretKey: key,
  };
  stack = await startStack({
    workDir: path.join(tmp, "stack"),
    configDir: config.configDir,
    timings: fastTimings,
    tiers: [
      { id: tierIds.squats, retention: "1d" },
      { id: tierIds.ffdn, retention: "1d" },
      { id: tierIds.vps, retention: "1d" },
      { id: tierIds.infra, retention: "1d", default: true },
    ],
    portalMetrics: { url: `http://127.0.0.1:${portalPort}/metrics/antennas`, bearerToken: metricsToken },
  });
  const placement = (tier: keyof typeof tierIds) => ({
    id: tierIds[tier],
    url: stack!.urls.tiers[tierIds[tier]]!.victoriaMetrics,
    readUrl: stack!.urls.vmauth,
  });
  await seedDefaultTiers(
    handle.db,
    { squats: placement("squats"), ffdn: placement("ffdn"), vps: placement("vps"), infra: placement("infra") },
    key,
  );
  const brick = await createTarget(
    handle.db,
    member.id,
    { kind: "brick", label: `Brique de ${person.displayName}`, url: `http://127.0.0.1:${brickPort}/` },
    policy,
    100,
  );
  expect(brick).toMatchObject({ ok: true, status: "active" });
  const registered = succeeded(
    await registerAntenna(
      handle.db,
      testAdmin,
      { placeCode: "BXL-PRIV", tierId: tierIds.squats, notes: person.notes, noClientHours: "6" },
      key,
    ),
  );
  antennaId = registered.credential.antennaId;
  placeCode = registered.placeCode;
  config = { ...config, ...stackServiceConfig(stack) };
  expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });

  // The antenna's side: its bundle in every language, its station script run on the fixtures' real MACs, and
  // what its telegraf sends, through vmauth with its credential.
  const source = await readAntennaForBundle(handle.db, testAdmin, antennaId, key);
  if (source.status !== "ready") throw new Error(`bundle source: ${source.status}`);
  for (const locale of locales) {
    const bundle = renderAntennaBundle({ ...source, writeUrl: stack.urls.vmauth, locale });
    for (const file of bundle.files) bundles[`${locale}/${file.name}`] = file.content;
  }
  const stations = runUnderBusybox(bundles["fr/vigie-stations"]!);
  const lines = [stations.trim(), "net,interface=phy0-ap0 bytes_recv=1i,bytes_sent=2i", "system uptime=60i"];
  const { username, password } = registered.credential;
  antennaCredential = { username, password };
  const sent = await fetch(`${stack.urls.vmauth}/api/v1/write`, {
    method: "POST",
    headers: {
      ...remoteWriteHeaders,
      Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
    },
    body: new Uint8Array(remoteWriteBody(influxToRemoteWrite(lines.join("\n"), Date.now()))),
  });
  await sent.body?.cancel();
  expect(sent.status).toBe(204);
}, 90_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.stop();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const forbidden = () => ({
  texts: [person.email, person.displayName, person.notes, "clé chez la voisine"],
  macs: fixtureMacs,
});

describe("nothing identifying a person leaves the portal", () => {
  it("finds what it looks for: the fixtures' MACs, an e-mail address, the notes", async () => {
    // The scan itself must be able to fail: the station dump the antenna reads holds real MACs.
    const dump = await readFile(path.join(iwFixtures, "station-dump-phy0-ap0.txt"), "utf8");
    expect(personalDataIn(dump, forbidden()).length).toBeGreaterThan(0);
    expect(personalDataIn(`contact ${person.email}`, forbidden())).toContain("e-mail address");
    expect(personalDataIn(`note: ${person.notes}`, forbidden()).length).toBeGreaterThan(0);
    expect(personalDataIn("mac 3C-A9-F4-12-34-56", { texts: [], macs: [] })).toContain("MAC address");
  });

  it("in every series of every tier, once the probes and the antenna's series are stored", async () => {
    const squats = stack!.urls.tiers[tierIds.squats]!.victoriaMetrics;
    const ffdn = stack!.urls.tiers[tierIds.ffdn]!.victoriaMetrics;
    await waitFor("the antenna's stations and info series in Squats", async () => {
      const stored = await everySeries(squats);
      return stored.includes("vigie_wifi_station_signal_dbm") && stored.includes("vigie_antenna_info")
        ? true
        : undefined;
    });
    await waitFor("the brick's probe in VPN/FFDN", async () =>
      (await everySeries(ffdn)).includes("probe_success") ? true : undefined,
    );
    const instances = new Set([
      stack!.urls.victoriaMetrics,
      ...Object.values(stack!.urls.tiers).map((t) => t.victoriaMetrics),
    ]);
    for (const instance of instances) {
      expect({ instance, hits: personalDataIn(await everySeries(instance), forbidden()) }).toEqual({
        instance,
        hits: [],
      });
    }
  }, 60_000);

  it("in every file the portal rendered and the stack reads", async () => {
    const files = [...(await filesUnder(config.configDir)), ...(await filesUnder(path.join(tmp, "stack", "config")))];
    expect(files.some((file) => file.endsWith("vmauth.yml"))).toBe(true);
    for (const file of files) {
      expect({ file, hits: personalDataIn(await readFile(file, "utf8"), forbidden()) }).toEqual({ file, hits: [] });
    }
  });

  it("in the antenna's bundle, in every language", () => {
    expect(Object.keys(bundles).length).toBeGreaterThanOrEqual(locales.length * 4);
    for (const [name, content] of Object.entries(bundles)) {
      const hits = personalDataIn(content, { ...forbidden(), texts: [...forbidden().texts, placeCode] });
      expect({ name, hits }).toEqual({ name, hits: [] });
    }
  });

  it("in the logs of this run: the portal's and every service's", async () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(personalDataIn(logged.join("\n"), forbidden())).toEqual([]);
    const logs = await filesUnder(path.join(tmp, "stack", "logs"));
    expect(logs.length).toBeGreaterThan(0);
    // Alertmanager prints the Debian build's packager address (`user=team+pkg-go@tracker.debian.org`) at start.
    const services = { ...forbidden(), ignoredLines: [/ build_context="\(go=[^"]*user=[^"]*@tracker\.debian\.org/] };
    for (const file of logs) {
      expect({ file, hits: personalDataIn(await readFile(file, "utf8"), services) }).toEqual({ file, hits: [] });
    }
  });

  it("and no credential in any log: the antenna's and the tiers' service users', in clear or as Basic tokens", async () => {
    const credentials = [antennaCredential];
    for (const id of Object.values(tierIds)) {
      for (const username of [`vmagent-${id}`, `reader-${id}`]) {
        const password = await readFile(path.join(config.configDir, servicePasswordFile(username)), "utf8");
        credentials.push({ username, password });
      }
    }
    const secrets = credentials.flatMap(({ username, password }) => [
      password,
      Buffer.from(`${username}:${password}`).toString("base64"),
    ]);
    const logs = [
      logged.join("\n"),
      ...(await Promise.all((await filesUnder(path.join(tmp, "stack", "logs"))).map((file) => readFile(file, "utf8")))),
    ];
    expect(credentials).toHaveLength(9);
    for (const log of logs) expect(secrets.filter((secret) => log.includes(secret))).toEqual([]);
  });
});
