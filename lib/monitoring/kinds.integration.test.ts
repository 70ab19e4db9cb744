import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { upsertMemberFromOidc } from "@/lib/members/mutations";
import { listPendingRequests } from "@/lib/targets/data";
import { approveTarget, createTarget, setTargetPaused } from "@/lib/targets/mutations";
import { createTestDatabase } from "@/lib/testing/database";
import { type FakeExporter, startFakeExporter } from "@/lib/testing/monitoring/exporter.fake";
import { adminScopeFor } from "@/lib/testing/scopes";
import { waitFor } from "@/lib/testing/wait-for";
import { type Stack, startStack } from "@/scripts/stack/stack";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { fastTimings } from "./timings";

type Alert = { status: string; labels: Record<string, string>; annotations: Record<string, string> };
const token = "kinds-webhook-token-0123456789abcdef";
const policy = { allowedNetworks: ["127.0.0.1/32"], autoApprovedNetworks: ["127.0.0.1/32"], monitoringHosts: [] };
const exporterUp = 'pve_up{id="qemu/101",name="vps"} 1\nvpn_client_connected{client="alice@vpn"} 1\n';
let tmp: string;
let handle: DbHandle;
let stack: Stack | undefined;
let exporter: FakeExporter | undefined;
let config: MonitoringConfig;
let memberId: string;
let adminId: string;
let relay: Server | undefined;
let port: TcpServer | undefined;
// A brick that answers 302 to an internal URL, and that internal server, which must never be asked anything.
let redirecting: Server | undefined;
let internal: Server | undefined;
const internalRequests: string[] = [];
const alerts: Alert[] = [];
const ids: Record<"ping" | "tcp" | "vps" | "vpn" | "brick", string> = {
  ping: "",
  tcp: "",
  vps: "",
  vpn: "",
  brick: "",
};

async function queryValue(expr: string): Promise<string | undefined> {
  const response = await fetch(`${stack!.urls.victoriaMetrics}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  return body.data.result[0]?.value[1];
}

async function create(input: Record<string, unknown>): Promise<string> {
  const result = await createTarget(handle.db, memberId, input, policy, 100);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  if (result.status === "pending")
    expect(
      await approveTarget(
        handle.db,
        adminScopeFor(adminId),
        result.id,
        (await listPendingRequests(handle.db, adminScopeFor(adminId))).find((r) => r.id === result.id)!.addressVersion,
      ),
    ).toMatchObject({ ok: true });
  return result.id;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-kinds-"));
  handle = await createTestDatabase();
  memberId = (await upsertMemberFromOidc(handle.db, { subject: "kinds", isAdmin: false })).id;
  adminId = (await upsertMemberFromOidc(handle.db, { subject: "kinds-admin", isAdmin: true })).id;
  relay = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      if (request.headers.authorization === `Bearer ${token}`)
        alerts.push(...(JSON.parse(raw) as { alerts: Alert[] }).alerts);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => relay!.listen(0, "127.0.0.1", resolve));
  port = createTcpServer((socket) => socket.end());
  await new Promise<void>((resolve) => port!.listen(0, "127.0.0.1", resolve));
  internal = createServer((request, response) => {
    internalRequests.push(`${request.method} ${request.url}`);
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => internal!.listen(0, "127.0.0.1", resolve));
  const internalPort = (internal.address() as { port: number }).port;
  redirecting = createServer((_request, response) =>
    response.writeHead(302, { location: `http://127.0.0.1:${internalPort}/api/v1/admin/tsdb/delete_series` }).end(),
  );
  await new Promise<void>((resolve) => redirecting!.listen(0, "127.0.0.1", resolve));
  exporter = await startFakeExporter(exporterUp);
  config = {
    configDir: path.join(tmp, "config"),
    amtoolBin: "amtool",
    vmalertBin: "vmalert",
    webhookUrl: `http://127.0.0.1:${(relay.address() as { port: number }).port}/api/alertmanager/webhook`,
    webhookToken: token,
    timings: fastTimings,
  };
  ids.ping = await create({ kind: "ping", label: "loopback", host: "127.0.0.1" });
  ids.tcp = await create({
    kind: "tcp",
    label: "port",
    host: "127.0.0.1",
    port: (port.address() as { port: number }).port,
  });
  ids.brick = await create({
    kind: "brick",
    label: "brick",
    url: `http://127.0.0.1:${(redirecting.address() as { port: number }).port}/`,
  });
  ids.vps = await create({ kind: "vps", label: "VPS", vmId: "qemu/101" });
  ids.vpn = await create({ kind: "vpn", label: "VPN", client: "alice@vpn" });
  expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({ result: "applied", error: null });
  stack = await startStack({
    workDir: path.join(tmp, "stack"),
    configDir: config.configDir,
    timings: fastTimings,
    exporters: [exporter.address],
  });
  config = { ...config, alertmanagerUrl: stack.urls.alertmanager, vmalertUrl: stack.urls.vmalert };
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await exporter?.close();
  await new Promise((resolve) => (port?.listening ? port.close(resolve) : resolve(undefined)));
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  for (const server of [redirecting, internal])
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("every target kind against the real stack", () => {
  it("probes a host with icmp and a port with tcp_connect, and reads the exporters' series", async () => {
    const started = Date.now();
    await waitFor(
      "icmp probe success",
      async () => ((await queryValue(`probe_success{target="${ids.ping}",module="icmp"}`)) === "1" ? true : undefined),
      30_000,
    );
    await waitFor(
      "tcp probe success",
      async () =>
        (await queryValue(`probe_success{target="${ids.tcp}",module="tcp_connect"}`)) === "1" ? true : undefined,
      30_000,
    );
    await waitFor(
      "the Proxmox series",
      async () => ((await queryValue('pve_up{id="qemu/101"}')) === "1" ? true : undefined),
      30_000,
    );
    await waitFor(
      "the VPN series",
      async () => ((await queryValue('vpn_client_connected{client="alice@vpn"}')) === "1" ? true : undefined),
      30_000,
    );
    console.log(`targets saved → every kind observed: ${Date.now() - started} ms`);
  }, 60_000);

  it("notifies the relay when a port closes, a guest stops and a VPN client disconnects", async () => {
    const broken = Date.now();
    await new Promise((resolve) => port!.close(resolve));
    exporter!.serve('pve_up{id="qemu/101",name="vps"} 0\n');
    const firing = (alertname: string, target: string) => () =>
      alerts.find((a) => a.status === "firing" && a.labels.alertname === alertname && a.labels.target === target);
    const tcp = await waitFor("tcp probe failed", firing("BlackboxProbeFailed", ids.tcp), 60_000);
    const vps = await waitFor("guest down", firing("PveGuestDown", ids.vps), 60_000);
    const vpn = await waitFor("VPN disconnected", firing("VpnClientDisconnected", ids.vpn), 60_000);
    console.log(`port closed, guest stopped, client gone → three firing webhooks: ${Date.now() - broken} ms`);
    expect(tcp.labels).toMatchObject({ member: memberId, kind: "tcp" });
    expect(vps.labels).toMatchObject({ member: memberId, kind: "vps", id: "qemu/101", severity: "critical" });
    expect(vpn.labels).toMatchObject({ member: memberId, kind: "vpn", client: "alice@vpn" });
    expect(alerts.some((a) => a.labels.target === ids.ping && a.status === "firing")).toBe(false);
  }, 120_000);

  it("reports a brick's redirect with its code, once, and never follows it to the internal URL", async () => {
    const redirect = await waitFor(
      "redirect alert",
      () =>
        alerts.find(
          (a) =>
            a.status === "firing" && a.labels.alertname === "BlackboxHttpRedirect" && a.labels.target === ids.brick,
        ),
      60_000,
    );
    expect(redirect.annotations.status_code).toBe("302");
    expect(alerts.some((a) => a.labels.alertname === "BlackboxProbeFailed" && a.labels.target === ids.brick)).toBe(
      false,
    );
    expect(internalRequests).toEqual([]);
  }, 60_000);

  it("stops probing a paused target", async () => {
    expect(await setTargetPaused(handle.db, memberId, ids.ping, true, policy)).toEqual({ ok: true });
    expect(await applyMonitoringConfig(handle.db, config)).toMatchObject({
      result: "applied",
      changedFiles: expect.arrayContaining(["file_sd/ping.json"]),
    });
    expect(await readFile(path.join(config.configDir, "file_sd", "ping.json"), "utf8")).toBe("[]\n");
  });
});
