import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { createTarget } from "@/lib/targets/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { adminScopeFor } from "@/lib/testing/scopes";
import { waitFor } from "@/lib/testing/wait-for";
import { type Stack, startStack } from "@/scripts/stack/stack";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { listSyncRuns } from "./data";
import { fetchLoadedAlertmanagerConfig, summarizeAlertmanagerConfig } from "./services";
import { fastTimings } from "./timings";

type Posted = {
  authorization: string | undefined;
  body: { status: string; alerts: { status: string; labels: Record<string, string> }[] };
};

const token = "integration-webhook-token-0123456789";
let tmp: string;
let handle: DbHandle;
let stack: Stack | undefined;
let config: MonitoringConfig;
let memberId: string;
const servers: Server[] = [];
const brick = { failing: false };
const posts: Posted[] = [];

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-stack-"));
  handle = await createTestDatabase();
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "integration", isAdmin: false })).id;
  const relayPort = await listen((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      posts.push({ authorization: request.headers.authorization, body: JSON.parse(raw) });
      response.writeHead(request.headers.authorization === `Bearer ${token}` ? 200 : 401).end();
    });
  });
  config = {
    configDir: path.join(tmp, "config"),
    amtoolBin: "amtool",
    vmalertBin: "vmalert",
    webhookUrl: `http://127.0.0.1:${relayPort}/api/alertmanager/webhook`,
    webhookToken: token,
    timings: fastTimings,
  };
  // Files first, so every service starts on the portal's config rather than a placeholder.
  expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied" });
  stack = await startStack({ workDir: path.join(tmp, "stack"), configDir: config.configDir, timings: fastTimings });
  config = { ...config, alertmanagerUrl: stack.urls.alertmanager, vmalertUrl: stack.urls.vmalert };
});

afterAll(async () => {
  await stack?.stop();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("monitoring pipeline against the real stack", () => {
  it("probes a new brick, then notifies the relay when it fails and when it recovers", async () => {
    const brickPort = await listen((_request, response) => response.writeHead(brick.failing ? 500 : 200).end("ok"));
    const saved = Date.now();
    const created = await createTarget(
      handle.db,
      memberId,
      { kind: "brick", label: "Brique", url: `http://127.0.0.1:${brickPort}/` },
      {
        allowedNetworks: ["127.0.0.1/32"],
        autoApprovedNetworks: ["127.0.0.1/32"],
        monitoringHosts: [],
      },
      100,
    );
    if (!created.ok) throw new Error(JSON.stringify(created.fields));
    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });

    const query = `${stack!.urls.victoriaMetrics}/api/v1/query?query=${encodeURIComponent(`probe_success{target="${created.id}"}`)}`;
    const series = await waitFor(
      "a first probe result",
      async () => {
        const body = (await (await fetch(query)).json()) as {
          data: { result: { metric: Record<string, string>; value: [number, string] }[] };
        };
        return body.data.result.find((r) => r.value[1] === "1");
      },
      30_000,
    );
    console.log(`target saved → first probe result in VictoriaMetrics: ${Date.now() - saved} ms`);
    expect(series.metric).toMatchObject({ member: memberId, target: created.id, kind: "brick", module: "http_2xx" });

    const matching = (status: string) => () =>
      posts.find(
        (p) =>
          p.body.status === status && p.body.alerts.some((a) => a.status === status && a.labels.target === created.id),
      );
    brick.failing = true;
    const down = Date.now();
    const firing = await waitFor("a firing webhook", matching("firing"), 60_000);
    console.log(`target down → firing webhook: ${Date.now() - down} ms`);
    expect(firing.authorization).toBe(`Bearer ${token}`);
    expect(firing.body.alerts[0]!.labels).toMatchObject({
      alertname: "BlackboxProbeFailed",
      member: memberId,
      severity: "critical",
    });

    brick.failing = false;
    const up = Date.now();
    const resolved = await waitFor("a resolved webhook", matching("resolved"), 60_000);
    console.log(`target back up → resolved webhook: ${Date.now() - up} ms`);
    expect(resolved.authorization).toBe(`Bearer ${token}`);
  }, 150_000);

  it("refuses a config that fails validation and keeps the last good one in force", async () => {
    const file = path.join(config.configDir, "alertmanager.yml");
    const before = await readFile(file, "utf8");
    const badBase = { route: { receiver: "hub-bot" }, receivers: [{ name: "someone-else" }] };
    const run = await applyMonitoringConfig(handle.db, { ...config, alertmanagerBase: badBase });
    expect(run.result).toBe("failed");
    expect(run.error).toContain('undefined receiver "hub-bot"');
    expect(await readFile(file, "utf8")).toBe(before);
    const loaded = summarizeAlertmanagerConfig(await fetchLoadedAlertmanagerConfig(stack!.urls.alertmanager));
    expect(loaded).toEqual(summarizeAlertmanagerConfig(before));
    expect(loaded.relayMembers).toEqual([`member="${memberId}"`]);
    const admin = adminScopeFor((await upsertMemberFromOidc(handle.db, { subject: "apply-admin", isAdmin: true })).id);
    const [last] = await listSyncRuns(handle.db, admin, 1);
    expect(last).toMatchObject({ result: "failed", error: run.error, changedFiles: [] });
  });
});
