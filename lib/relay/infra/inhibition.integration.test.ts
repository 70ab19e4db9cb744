import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { DbHandle } from "@/lib/db/client";
import { infraIncidents, notifications } from "@/lib/db/schema";
import { loadMonitoringSnapshot } from "@/lib/monitoring/data";
import { renderAlertmanagerConfig } from "@/lib/monitoring/render-alertmanager";
import { renderRules } from "@/lib/monitoring/render-rules";
import { fastTimings } from "@/lib/monitoring/timings";
import { createTestDatabase } from "@/lib/testing/database";
import { sampleAlertmanagerOptions } from "@/lib/testing/monitoring/fixtures";
import { seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { waitFor } from "@/lib/testing/wait-for";
import { type StandaloneAlertmanager, startStandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";
import { handleInfraWebhook } from "./webhook-handler";

type Labels = Record<string, string>;
type Posted = { status: string; alerts: { status: string; labels: Labels }[] };

let tmp: string;
let handle: DbHandle;
let server: Server;
let service: StandaloneAlertmanager | undefined;
let alertmanager: string;
const memberPosts: Posted[] = [];
const token = sampleAlertmanagerOptions.webhookToken;
let pve: string;
let alice: { memberId: string; vps: string };
let bob: { memberId: string; vps: string };

/** The labels vmalert would put on the rendered rule's alert (the rule files are the renderers' own output). */
function ruleLabels(files: Record<string, string>, file: string, match: (labels: Labels) => boolean): Labels {
  const rules = (parse(files[file]!) as { groups: { rules: { alert: string; labels: Labels }[] }[] }).groups[0]!.rules;
  const rule = rules.find((r) => match(r.labels))!;
  return { alertname: rule.alert, ...rule.labels };
}

async function postAlerts(alerts: { labels: Labels; endsAt?: string }[]) {
  const response = await fetch(`${alertmanager}/api/v2/alerts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alerts.map((alert) => ({ ...alert, startsAt: new Date(Date.now() - 60_000).toISOString() }))),
  });
  expect(response.ok).toBe(true);
}

const postedFor = (targetId: string, status: string) =>
  memberPosts.find((post) => post.alerts.some((alert) => alert.labels.target === targetId && alert.status === status));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-inhibit-"));
  handle = await createTestDatabase();
  pve = await seedComponent(handle.db, "hypervisor");
  const seeded = async (dependsOn: string | null) => {
    const { memberId } = await seedMember(handle.db);
    await seedMatrixChannel(handle.db, memberId);
    return { memberId, vps: await seedTarget(handle.db, memberId, { kind: "vps", dependsOn }) };
  };
  alice = await seeded(pve);
  bob = await seeded(null);

  // The relay: the real infra handler on this test's database; member groups are only recorded.
  server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", async () => {
      if (request.url === "/api/alertmanager/infra") {
        const answer = await handleInfraWebhook(
          new Request(`http://relay${request.url}`, {
            method: "POST",
            headers: { authorization: request.headers.authorization ?? "" },
            body: raw,
          }),
          { db: handle.db, token },
        );
        response.writeHead(answer.status).end(await answer.text());
        return;
      }
      memberPosts.push(JSON.parse(raw) as Posted);
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
  alertmanager = service.url;
}, 30_000);

afterAll(async () => {
  await service?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await handle?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("a hypervisor outage against a real Alertmanager", () => {
  it("inhibits the alerts of the VPS on it, not the others, and the relay opens and closes the incident", async () => {
    const rules = renderRules(await loadMonitoringSnapshot(handle.db), fastTimings);
    const infraAlert = ruleLabels(rules, "rules/vigie-infra.yml", (labels) => labels.infra === pve);
    const aliceDown = ruleLabels(rules, "rules/vigie-vps.yml", (labels) => labels.target === alice.vps);
    const bobDown = ruleLabels(rules, "rules/vigie-vps.yml", (labels) => labels.target === bob.vps);
    expect(aliceDown).toMatchObject({ alertname: "PveGuestDown", depends_on: pve });
    expect(bobDown).not.toHaveProperty("depends_on");

    await postAlerts([{ labels: infraAlert }]);
    const incident = await waitFor(
      "the incident opened by the infra webhook",
      async () => (await handle.db.select().from(infraIncidents).where(eq(infraIncidents.componentId, pve)))[0],
    );
    expect(incident.endedAt).toBeNull();

    await postAlerts([{ labels: aliceDown }, { labels: bobDown }]);
    await waitFor("Bob's alert, which nothing inhibits", () => postedFor(bob.vps, "firing"));
    const suppressed = await waitFor("Alertmanager to report Alice's alert inhibited", async () => {
      const filter = encodeURIComponent(`target="${alice.vps}"`);
      const alerts = (await (await fetch(`${alertmanager}/api/v2/alerts?filter=${filter}`)).json()) as {
        status: { state: string; inhibitedBy: string[] };
      }[];
      return alerts[0]?.status.state === "suppressed" ? alerts[0].status : undefined;
    });
    expect(suppressed.inhibitedBy).toHaveLength(1);
    expect(postedFor(alice.vps, "firing")).toBeUndefined();

    // The hypervisor is back: the incident ends once, and Alice's own alert, still firing, is no longer held back.
    await postAlerts([{ labels: infraAlert, endsAt: new Date().toISOString() }]);
    await waitFor(
      "the incident's end",
      async () =>
        (await handle.db.select().from(infraIncidents).where(eq(infraIncidents.id, incident.id)))[0]?.endedAt ??
        undefined,
      20_000,
    );
    await waitFor("Alice's alert once the inhibition is lifted", () => postedFor(alice.vps, "firing"), 20_000);

    const told = await handle.db
      .select({ memberId: notifications.memberId, notice: notifications.notice })
      .from(notifications);
    expect(told.map((row) => `${row.memberId} ${row.notice?.type}`).sort()).toEqual([
      `${alice.memberId} infra_ended`,
      `${alice.memberId} infra_started`,
    ]);
  }, 60_000);
});
