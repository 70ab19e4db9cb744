import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { type NotificationAlert, notifications } from "@/lib/db/schema";
import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";
import { createTestDatabase } from "@/lib/testing/database";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { acknowledgeAlerts, endResolvedAcknowledgements } from "./acknowledgements";
import { findNotificationToAcknowledge, listSilences } from "./data";

let handle: DbHandle;
let alice: { memberId: string; targetId: string };
let bob: { memberId: string; targetId: string };

const summary = (targetId: string): NotificationAlert => ({
  alertname: "BlackboxProbeFailed",
  status: "firing",
  severity: "critical",
  targetId,
  instance: "https://brick.example.org/",
  summary: null,
  startsAt: "2026-11-27T09:00:00Z",
});

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedMember(handle.db);
  bob = await seedMember(handle.db);
});
afterAll(() => handle.close());

describe("acknowledgements", () => {
  it("silences exactly the notified alert of the member, once, until it stops firing", async () => {
    const labels = (member: string, target: string) => ({
      alertname: "BlackboxProbeFailed",
      member,
      target,
      instance: "https://brick.example.org/",
      severity: "critical",
    });
    const am = createFakeAlertmanager([
      { fingerprint: "fa", labels: labels(alice.memberId, alice.targetId) },
      { fingerprint: "fb", labels: labels(bob.memberId, bob.targetId) },
    ]);
    expect(
      await acknowledgeAlerts(handle.db, am.api, alice.memberId, [summary(alice.targetId), summary(bob.targetId)]),
    ).toBe(1);
    const posted = am.requests.filter((r) => r.method === "POST");
    expect(
      posted.map((r) =>
        (r.body as { matchers: { name: string; value: string }[] }).matchers.map((m) => `${m.name}=${m.value}`),
      ),
    ).toEqual([
      [
        `member=${alice.memberId}`,
        `target=${alice.targetId}`,
        "alertname=BlackboxProbeFailed",
        "instance=https://brick.example.org/",
      ],
    ]);
    expect(await acknowledgeAlerts(handle.db, am.api, alice.memberId, [summary(alice.targetId)])).toBe(0);
    expect((await listSilences(handle.db, alice.memberId)).map((s) => [s.createdVia, s.state])).toEqual([
      ["ack", "active"],
    ]);

    expect(await endResolvedAcknowledgements(handle.db, am.api)).toBe(0);
    am.alerts.splice(0, 1);
    expect(await endResolvedAcknowledgements(handle.db, am.api)).toBe(1);
    expect(am.silences.get("am-1")?.state).toBe("expired");
    expect((await listSilences(handle.db, alice.memberId)).map((s) => s.state)).toEqual(["ended"]);
  });

  it("finds the notification only for the channel's own account in its own room", async () => {
    const channelId = await seedMatrixChannel(handle.db, alice.memberId, { roomId: "!alice:example.org" });
    await handle.db.insert(notifications).values({
      id: "n_ack",
      dedupeKey: "k_ack",
      memberId: alice.memberId,
      channelId,
      groupKey: "g",
      alertStatus: "firing",
      alerts: [summary(alice.targetId)],
      externalId: "$alert-event",
    });
    const input = {
      externalId: "$alert-event",
      roomId: "!alice:example.org",
      sender: `@${channelId}:example.org`,
      channelType: "matrix" as const,
    };
    expect(await findNotificationToAcknowledge(handle.db, input)).toMatchObject({
      memberId: alice.memberId,
      status: "firing",
    });
    expect(await findNotificationToAcknowledge(handle.db, { ...input, sender: "@bob:example.org" })).toBeUndefined();
    expect(await findNotificationToAcknowledge(handle.db, { ...input, roomId: "!other:example.org" })).toBeUndefined();
    expect(await findNotificationToAcknowledge(handle.db, { ...input, channelType: "mattermost" })).toBeUndefined();
  });
});
