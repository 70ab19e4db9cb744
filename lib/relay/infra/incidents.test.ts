import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { channels, infraIncidents, notifications } from "@/lib/db/schema";
import { createTestDatabase } from "@/lib/testing/database";
import { seedAdmin } from "@/lib/testing/deliveries";
import { infraGroupPayload, seedComponent, seedTarget } from "@/lib/testing/relay/infra";
import { seedMatrixChannel, seedMember } from "@/lib/testing/relay/seed";
import { adminScopeFor } from "@/lib/testing/scopes";
import { recordInfraGroup } from "./incidents";
import { sendIncidentNote } from "./notes";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

/** "<member> <notice type> <target ids>" per queued row, sorted: what each channel will be told. */
async function toldAbout(memberIds: string[]) {
  const rows = await handle.db.select().from(notifications).where(inArray(notifications.memberId, memberIds));
  return rows
    .map((row) =>
      `${row.channelId} ${row.notice?.type} ${row.notice && "targetIds" in row.notice ? row.notice.targetIds.join(",") : ""}`.trim(),
    )
    .sort();
}

const incidentsOf = (componentId: string) =>
  handle.db.select().from(infraIncidents).where(eq(infraIncidents.componentId, componentId));

describe("infra incidents reach each affected member exactly once", () => {
  it("opens one incident and tells each affected member once on each usable channel, under concurrent repeats", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const otherPve = await seedComponent(handle.db, "hypervisor", "pve2");
    const alice = await seedMember(handle.db);
    const aliceVps = await seedTarget(handle.db, alice.memberId, { kind: "vps", dependsOn: pve });
    const aliceMatrix = await seedMatrixChannel(handle.db, alice.memberId);
    const aliceSecond = await seedMatrixChannel(handle.db, alice.memberId);
    const aliceDisabled = await seedMatrixChannel(handle.db, alice.memberId);
    await handle.db.update(channels).set({ disabledAt: new Date() }).where(eq(channels.id, aliceDisabled));
    const bob = await seedMember(handle.db); // VPS paused: not monitored, not told
    await seedTarget(handle.db, bob.memberId, { kind: "vps", dependsOn: pve, paused: true });
    await seedMatrixChannel(handle.db, bob.memberId);
    const carol = await seedMember(handle.db); // VPS on the other hypervisor
    await seedTarget(handle.db, carol.memberId, { kind: "vps", dependsOn: otherPve });
    await seedMatrixChannel(handle.db, carol.memberId);
    const dave = await seedMember(handle.db); // still waiting for approval
    await seedTarget(handle.db, dave.memberId, { kind: "vps", dependsOn: pve, status: "pending" });
    await seedMatrixChannel(handle.db, dave.memberId);
    const members = [alice.memberId, bob.memberId, carol.memberId, dave.memberId];

    // Two clustered peers, each posting the group and Alertmanager's retries, at the same time.
    const posts = Array.from({ length: 6 }, () => recordInfraGroup(handle.db, infraGroupPayload(pve)));
    const results = await Promise.all(posts);
    expect(results.reduce((sum, r) => sum + r.opened, 0)).toBe(1);
    expect(await incidentsOf(pve)).toHaveLength(1);
    expect(await toldAbout(members)).toEqual(
      [`${aliceMatrix} infra_started ${aliceVps}`, `${aliceSecond} infra_started ${aliceVps}`].sort(),
    );

    const ends = Array.from({ length: 4 }, () =>
      recordInfraGroup(handle.db, infraGroupPayload(pve, { status: "resolved" })),
    );
    expect((await Promise.all(ends)).reduce((sum, r) => sum + r.ended, 0)).toBe(1);
    // A peer late with its firing must not reopen the incident.
    expect(await recordInfraGroup(handle.db, infraGroupPayload(pve))).toMatchObject({ opened: 0, queued: 0 });
    const [incident] = await incidentsOf(pve);
    expect(incident!.endedAt?.toISOString()).toBe("2026-11-27T00:04:48.120Z");
    expect(await toldAbout(members)).toEqual(
      [
        `${aliceMatrix} infra_started ${aliceVps}`,
        `${aliceSecond} infra_started ${aliceVps}`,
        `${aliceMatrix} infra_ended ${aliceVps}`,
        `${aliceSecond} infra_ended ${aliceVps}`,
      ].sort(),
    );
    const rows = await handle.db.select().from(notifications).where(eq(notifications.memberId, alice.memberId));
    expect(new Set(rows.map((row) => row.groupKey))).toEqual(new Set([`infra:${incident!.id}`]));
    expect(rows[0]).toMatchObject({
      alerts: [],
      alertStatus: "firing",
      notice: { componentKind: "hypervisor", componentName: "pve1" },
    });
  });

  it("a new start of the same alert is a new incident", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    await recordInfraGroup(handle.db, infraGroupPayload(pve));
    await recordInfraGroup(handle.db, infraGroupPayload(pve, { status: "resolved" }));
    expect(
      await recordInfraGroup(handle.db, infraGroupPayload(pve, { startsAt: "2026-11-28T10:00:00Z" })),
    ).toMatchObject({ opened: 1 });
    expect(await incidentsOf(pve)).toHaveLength(2);
  });

  it("ends, with its message, an incident whose resolution was lost when its component fails again", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const ivan = await seedMember(handle.db);
    const vps = await seedTarget(handle.db, ivan.memberId, { kind: "vps", dependsOn: pve });
    const channel = await seedMatrixChannel(handle.db, ivan.memberId);
    await recordInfraGroup(handle.db, infraGroupPayload(pve));
    // The resolution of the first outage never arrives; the next one starts.
    const again = infraGroupPayload(pve, { startsAt: "2026-11-28T10:00:00Z" });
    const results = await Promise.all([recordInfraGroup(handle.db, again), recordInfraGroup(handle.db, again)]);
    expect(
      results.reduce((sum, r) => ({ opened: sum.opened + r.opened, ended: sum.ended + r.ended }), {
        opened: 0,
        ended: 0,
      }),
    ).toEqual({ opened: 1, ended: 1 });

    const incidents = await incidentsOf(pve);
    const first = incidents.find((incident) => incident.startsAt === "2026-11-26T23:49:48.97Z")!;
    const second = incidents.find((incident) => incident.startsAt === "2026-11-28T10:00:00Z")!;
    expect(first.endedAt?.toISOString()).toBe("2026-11-28T10:00:00.000Z");
    expect(second.endedAt).toBeNull();
    const rows = await handle.db.select().from(notifications).where(eq(notifications.memberId, ivan.memberId));
    expect(rows.map((row) => `${row.channelId} ${row.groupKey} ${row.notice?.type}`).sort()).toEqual(
      [
        `${channel} infra:${first.id} infra_started`,
        `${channel} infra:${first.id} infra_ended`,
        `${channel} infra:${second.id} infra_started`,
      ].sort(),
    );
    expect(rows.find((row) => row.notice?.type === "infra_ended")?.notice).toMatchObject({ targetIds: [vps] });
    // The lost resolution, posted after all, changes nothing.
    expect(await recordInfraGroup(handle.db, infraGroupPayload(pve, { status: "resolved" }))).toMatchObject({
      ended: 0,
      queued: 0,
    });
  });

  it("records as over a stale firing older than the open incident", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const judy = await seedMember(handle.db);
    await seedTarget(handle.db, judy.memberId, { kind: "vps", dependsOn: pve });
    await seedMatrixChannel(handle.db, judy.memberId);
    await recordInfraGroup(handle.db, infraGroupPayload(pve, { startsAt: "2026-11-28T10:00:00Z" }));
    expect(await recordInfraGroup(handle.db, infraGroupPayload(pve))).toEqual({
      opened: 0,
      ended: 0,
      queued: 0,
      unknownComponents: 0,
    });
    const incidents = await incidentsOf(pve);
    expect(incidents.map((incident) => [incident.startsAt, incident.endedAt?.toISOString() ?? null]).sort()).toEqual([
      ["2026-11-26T23:49:48.97Z", "2026-11-28T10:00:00.000Z"],
      ["2026-11-28T10:00:00Z", null],
    ]);
    expect(await toldAbout([judy.memberId])).toHaveLength(1);
  });

  it("remembers a resolution it never saw firing, so a late firing opens nothing", async () => {
    const pve = await seedComponent(handle.db, "hypervisor");
    const erin = await seedMember(handle.db);
    await seedTarget(handle.db, erin.memberId, { kind: "vps", dependsOn: pve });
    await seedMatrixChannel(handle.db, erin.memberId);
    expect(await recordInfraGroup(handle.db, infraGroupPayload(pve, { status: "resolved" }))).toMatchObject({
      ended: 0,
      queued: 0,
    });
    expect(await recordInfraGroup(handle.db, infraGroupPayload(pve))).toMatchObject({ opened: 0, queued: 0 });
    expect(await toldAbout([erin.memberId])).toEqual([]);
  });

  it("acknowledges an alert about a component that no longer exists", async () => {
    expect(await recordInfraGroup(handle.db, infraGroupPayload("i_00000000000000000000"))).toEqual({
      opened: 0,
      ended: 0,
      queued: 0,
      unknownComponents: 1,
    });
  });
});

describe("the hub's free-text incident note", () => {
  it("reaches, with a single VPN server, every brick left without an explicit choice", async () => {
    const vpn = await seedComponent(handle.db, "vpn_server");
    const henri = await seedMember(handle.db); // seedMember's brick has no dependsOn
    const channel = await seedMatrixChannel(handle.db, henri.memberId);
    await recordInfraGroup(handle.db, infraGroupPayload(vpn, { alertname: "InfraVpnServerDown" }));
    expect(await toldAbout([henri.memberId])).toEqual([`${channel} infra_started ${henri.targetId}`]);
  });

  it("goes once to each member told about the incident, and not after it ended", async () => {
    const vpn = await seedComponent(handle.db, "vpn_server");
    // With two VPN servers, bricks depend on the one the admin chose only.
    await seedComponent(handle.db, "vpn_server", "vpn2");
    const frank = await seedMember(handle.db);
    await seedTarget(handle.db, frank.memberId, { kind: "brick", dependsOn: vpn });
    const channel = await seedMatrixChannel(handle.db, frank.memberId);
    const gina = await seedMember(handle.db); // not behind this server
    await seedMatrixChannel(handle.db, gina.memberId);
    await recordInfraGroup(handle.db, infraGroupPayload(vpn, { alertname: "InfraVpnServerDown" }));
    const [incident] = await incidentsOf(vpn);

    const admin = adminScopeFor(await seedAdmin(handle.db));
    const note = {
      incidentId: incident!.id,
      noteKey: "3f0c1a9e-5b7d-4c2e-9a8f-1d2e3f4a5b6c",
      text: "Le serveur VPN redémarre, retour vers 15 h.",
    };
    const sent = await Promise.all([
      sendIncidentNote(handle.db, admin, note),
      sendIncidentNote(handle.db, admin, note),
    ]);
    expect(sent).toEqual([
      { ok: true, members: 1 },
      { ok: true, members: 1 },
    ]);
    await sendIncidentNote(handle.db, admin, {
      ...note,
      noteKey: "0b1c2d3e-4f50-4617-8899-aabbccddeeff",
      text: "Rétabli.",
    });
    const notes = (
      await handle.db
        .select()
        .from(notifications)
        .where(inArray(notifications.memberId, [frank.memberId, gina.memberId]))
    )
      .filter((row) => row.notice?.type === "infra_note")
      .map((row) => [row.channelId, row.notice && "text" in row.notice ? row.notice.text : ""]);
    expect(notes.sort()).toEqual(
      [
        [channel, "Le serveur VPN redémarre, retour vers 15 h."],
        [channel, "Rétabli."],
      ].sort(),
    );

    await recordInfraGroup(handle.db, infraGroupPayload(vpn, { alertname: "InfraVpnServerDown", status: "resolved" }));
    expect(await sendIncidentNote(handle.db, admin, note)).toEqual({ ok: false, reason: "incident_ended" });
    expect(await sendIncidentNote(handle.db, admin, { ...note, incidentId: "x_00000000000000000000" })).toEqual({
      ok: false,
      reason: "incident_not_found",
    });
  });
});
