import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleAlertmanagerOptions, sampleSnapshot } from "@/lib/testing/monitoring/fixtures";
import { waitFor } from "@/lib/testing/wait-for";
import { type StandaloneAlertmanager, startStandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";
import { renderAlertmanagerConfig } from "./render-alertmanager";

type Posted = { alerts: { labels: Record<string, string> }[] };
let tmp: string;
let recorder: Server;
let alertmanager: StandaloneAlertmanager | undefined;
/** What each receiver was sent, by the path it posts to. */
const received = new Map<string, Posted[]>();
const alertnamesAt = (receiver: string) =>
  (received.get(receiver) ?? []).flatMap((post) => post.alerts.map((alert) => alert.labels.alertname));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-member-routing-"));
  recorder = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      received.set(request.url ?? "", [...(received.get(request.url ?? "") ?? []), JSON.parse(raw) as Posted]);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
  // A hub that wants to see everything: its root receiver, and a catch-all route that lets later routes match too.
  const base = {
    route: {
      receiver: "hub-root",
      group_wait: "1s",
      group_interval: "1s",
      routes: [{ receiver: "hub-all", matchers: ['alertname=~".+"'], continue: true }],
    },
    receivers: [
      { name: "hub-root", webhook_configs: [{ url: `${url}/hub-root` }] },
      { name: "hub-all", webhook_configs: [{ url: `${url}/hub-all` }] },
    ],
  };
  const config = renderAlertmanagerConfig(sampleSnapshot, {
    ...sampleAlertmanagerOptions,
    webhookUrl: `${url}/member`,
    base,
  });
  alertmanager = await startStandaloneAlertmanager({ workDir: tmp, config });
});
afterAll(async () => {
  await alertmanager?.stop();
  await new Promise((resolve) => recorder.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

describe("member routes against the real Alertmanager", () => {
  it("deliver a member's alert to the relay only, never to the hub's receivers", async () => {
    const post = async (labels: Record<string, string>) => {
      const response = await fetch(`${alertmanager!.url}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify([{ labels, startsAt: new Date().toISOString() }]),
      });
      expect(response.ok).toBe(true);
    };
    await post({ alertname: "MemberProbeFailed", member: "m_alice", target: "t_a1", severity: "critical" });
    // The hub's own alert shows its receivers are live: once it has arrived, the member's had every chance to.
    await post({ alertname: "HubDiskFull", severity: "critical" });
    await waitFor(
      "the member's alert at the relay",
      () => (alertnamesAt("/member").includes("MemberProbeFailed") ? true : undefined),
      15_000,
    );
    await waitFor(
      "the hub's alert at its receiver",
      () => (alertnamesAt("/hub-all").includes("HubDiskFull") ? true : undefined),
      15_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(alertnamesAt("/hub-all")).not.toContain("MemberProbeFailed");
    expect(alertnamesAt("/hub-root")).not.toContain("MemberProbeFailed");
    expect(alertnamesAt("/member")).not.toContain("HubDiskFull");
  });
});
