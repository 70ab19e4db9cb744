import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { updateMemberSettings } from "@/lib/members/mutations";
import { type AlertmanagerApi, createAlertmanagerApi, listMemberAlerts } from "@/lib/monitoring/alertmanager-api";
import { loadMonitoringSnapshot } from "@/lib/monitoring/data";
import { renderAlertmanagerConfig } from "@/lib/monitoring/render-alertmanager";
import { createTestDatabase } from "@/lib/testing/database";
import { sampleAlertmanagerOptions } from "@/lib/testing/monitoring/fixtures";
import { seedMember } from "@/lib/testing/relay/seed";
import { waitFor } from "@/lib/testing/wait-for";
import { type StandaloneAlertmanager, startStandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";
import { createSilence, expireSilence } from "./mutations";

type Posted = { status: string; alerts: { labels: Record<string, string> }[] };

let tmp: string;
let handle: DbHandle;
let server: Server;
let service: StandaloneAlertmanager | undefined;
let am: AlertmanagerApi;
const posts: Posted[] = [];
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };
let carol: { memberId: string; targetId: string };

async function postAlert(labels: Record<string, string>) {
  const alert = {
    labels: { alertname: "BlackboxProbeFailed", ...labels },
    endsAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  };
  const response = await fetch(`${am.baseUrl}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify([alert]),
  });
  expect(response.ok).toBe(true);
}

const delivered = (member: string, target: string, severity: string) =>
  posts.some((p) =>
    p.alerts.some((a) => a.labels.member === member && a.labels.target === target && a.labels.severity === severity),
  );

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-silences-"));
  handle = await createTestDatabase();
  alice = await seedMember(handle.db);
  bob = await seedMember(handle.db);
  carol = await seedMember(handle.db);
  // Alice's quiet hours last all day, every day; critical alerts pass through.
  const quietHours = { start: "00:00", end: "00:00", weekdays: [], criticalPassesThrough: true };
  await updateMemberSettings(handle.db, alice.memberId, { quietHours, repeatInterval: "4h", messageRetentionDays: 30 });

  server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      posts.push(JSON.parse(raw) as Posted);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const relayPort = (server.address() as { port: number }).port;
  const config = renderAlertmanagerConfig(await loadMonitoringSnapshot(handle.db), {
    ...sampleAlertmanagerOptions,
    webhookUrl: `http://127.0.0.1:${relayPort}/api/alertmanager/webhook`,
  });
  service = await startStandaloneAlertmanager({ workDir: tmp, config });
  const url = service.url;
  am = createAlertmanagerApi(url);
}, 30_000);

afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("silences against a real Alertmanager", () => {
  it("mutes the member's silenced target only, and quiet hours let critical alerts through", async () => {
    const now = new Date();
    const request = {
      kind: "once" as const,
      targetId: carol.targetId,
      startsAt: now,
      endsAt: new Date(now.getTime() + 3_600_000),
      comment: "",
    };
    const created = await createSilence(handle.db, am, carol.memberId, request);
    expect(created).toMatchObject({ ok: true });

    await postAlert({ member: carol.memberId, target: carol.targetId, severity: "critical" });
    await postAlert({ member: carol.memberId, target: "t_carol_other", severity: "critical" });
    await postAlert({ member: bob.memberId, target: bob.targetId, severity: "critical" });
    await postAlert({ member: alice.memberId, target: alice.targetId, severity: "warning" });
    await postAlert({ member: alice.memberId, target: alice.targetId, severity: "critical" });

    await waitFor("alerts that nothing mutes", () =>
      delivered(carol.memberId, "t_carol_other", "critical") &&
      delivered(bob.memberId, bob.targetId, "critical") &&
      delivered(alice.memberId, alice.targetId, "critical")
        ? true
        : undefined,
    );
    const carols = await listMemberAlerts(am, carol.memberId);
    expect(carols.find((a) => a.labels.target === carol.targetId)?.status.silencedBy).toHaveLength(1);
    expect(carols.find((a) => a.labels.target === "t_carol_other")?.status.silencedBy).toEqual([]);
    // Every alert went in at once with group_wait 1s: two more group intervals leave muted ones time to leak.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(delivered(carol.memberId, carol.targetId, "critical")).toBe(false);
    expect(delivered(alice.memberId, alice.targetId, "warning")).toBe(false);

    if (!created.ok) return;
    expect(await expireSilence(handle.db, am, bob.memberId, created.id)).toEqual({
      ok: false,
      reason: "silence_not_found",
    });
    expect(await expireSilence(handle.db, am, carol.memberId, created.id)).toEqual({ ok: true, kind: "once" });
    await waitFor("the alert once its silence expired", () =>
      delivered(carol.memberId, carol.targetId, "critical") ? true : undefined,
    );
  }, 60_000);
});
