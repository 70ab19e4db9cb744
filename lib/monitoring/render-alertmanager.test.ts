import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  emptySnapshot,
  infraSnapshot,
  sampleAlertmanagerOptions,
  sampleBase,
  sampleSnapshot,
} from "@/lib/testing/monitoring/fixtures";
import { expectGolden } from "@/lib/testing/monitoring/golden";
import { renderAlertmanagerConfig } from "./render-alertmanager";
import { buildSnapshot, type MemberAlertSettings } from "./snapshot";
import { checkAlertmanagerConfig } from "./validate";

const amtoolBin = process.env.AMTOOL_BIN ?? "amtool";

async function amtoolCheck(content: string) {
  const dir = await mkdtemp(path.join(tmpdir(), "vigie-am-"));
  try {
    await writeFile(path.join(dir, "alertmanager.yml"), content);
    return await checkAlertmanagerConfig(amtoolBin, path.join(dir, "alertmanager.yml"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Carol sleeps 22:30–07:00 on weeknights but wants critical alerts; her router has a Sunday maintenance. */
const carolSettings: MemberAlertSettings = {
  repeatInterval: "12h",
  quietHours: { start: "22:30", end: "07:00", weekdays: [5, 1, 2, 3, 4], criticalPassesThrough: true },
  weeklySilences: [
    { targetId: "t_c2", window: { weekdays: [0], start: "03:00", end: "05:00" } },
    { targetId: null, window: { weekdays: [6], start: "23:00", end: "00:00" } },
  ],
};
const daveSettings: MemberAlertSettings = {
  repeatInterval: "1h",
  quietHours: { start: "00:00", end: "06:00", weekdays: [], criticalPassesThrough: false },
  weeklySilences: [],
};
const settingsSnapshot = buildSnapshot(
  [
    { id: "t_c2", memberId: "m_carol", kind: "brick", address: "https://carol.example.org/" },
    { id: "t_c1", memberId: "m_carol", kind: "brick", address: "https://carol.example.org/nas" },
    { id: "t_d1", memberId: "m_dave", kind: "brick", address: "https://dave.example.org/" },
  ],
  new Map([
    ["m_carol", carolSettings],
    ["m_dave", daveSettings],
  ]),
);

type RenderedRoute = {
  matchers: string[];
  repeat_interval?: string;
  mute_time_intervals?: string[];
  routes?: RenderedRoute[];
};

describe("renderAlertmanagerConfig", () => {
  it("routes each member with targets to the relay, everything else to null", async () => {
    const text = renderAlertmanagerConfig(sampleSnapshot, sampleAlertmanagerOptions);
    expectGolden("alertmanager.yml", text);
    const config = parse(text);
    expect(config.route.receiver).toBe("null");
    expect(config.route.routes.map((r: { matchers: string[] }) => r.matchers)).toEqual([
      ['member="m_alice"'],
      ['member="m_bob"'],
    ]);
    expect(config.receivers[1].webhook_configs[0]).toMatchObject({
      send_resolved: true,
      max_alerts: 0,
      http_config: { authorization: { credentials: sampleAlertmanagerOptions.webhookToken } },
    });
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("renders a valid config without members", async () => {
    const text = renderAlertmanagerConfig(emptySnapshot, sampleAlertmanagerOptions);
    expect(parse(text).route.routes).toEqual([]);
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("adds member routes in front of a base config and keeps the base's own parts", async () => {
    const before = structuredClone(sampleBase);
    const text = renderAlertmanagerConfig(sampleSnapshot, { ...sampleAlertmanagerOptions, base: sampleBase });
    expectGolden("alertmanager-with-base.yml", text);
    expect(sampleBase).toEqual(before);
    const config = parse(text);
    expect(config.route.receiver).toBe("infra-matrix");
    expect(config.route.routes.map((r: { receiver: string }) => r.receiver)).toEqual([
      "vigie-relay",
      "vigie-relay",
      "infra-mattermost",
    ]);
    expect(config.inhibit_rules).toEqual(sampleBase.inhibit_rules);
    expect(config.receivers.map((r: { name: string }) => r.name)).toEqual([
      "infra-matrix",
      "infra-mattermost",
      "vigie-relay",
    ]);
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("ends every member route with continue: false, so the hub's own routes and receivers never get member alerts", () => {
    for (const snapshot of [sampleSnapshot, settingsSnapshot, infraSnapshot]) {
      const config = parse(renderAlertmanagerConfig(snapshot, { ...sampleAlertmanagerOptions, base: sampleBase }));
      const memberRoutes = (config.route.routes as (RenderedRoute & { continue?: boolean })[]).filter((r) =>
        r.matchers.some((m) => m.startsWith("member=")),
      );
      expect(memberRoutes.length).toBe(snapshot.members.length);
      for (const route of memberRoutes) {
        expect(route.continue).toBe(false);
        // Child routes (maintenance windows, critical alerts through quiet hours) end there too.
        for (const child of (route.routes ?? []) as { continue?: boolean }[])
          expect(child.continue ?? false).toBe(false);
      }
    }
  });

  it("lets amtool refuse a base whose route names an undefined receiver", async () => {
    const base = { ...sampleBase, route: { receiver: "nobody" } };
    const result = await amtoolCheck(renderAlertmanagerConfig(sampleSnapshot, { ...sampleAlertmanagerOptions, base }));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("undefined receiver") });
  });

  it("renders repeat intervals, quiet hours and weekly silences as Brussels time intervals", async () => {
    const text = renderAlertmanagerConfig(settingsSnapshot, sampleAlertmanagerOptions);
    expectGolden("alertmanager-settings.yml", text);
    const config = parse(text);
    const [carol, dave] = config.route.routes as RenderedRoute[];
    expect(carol).toMatchObject({
      repeat_interval: "12h",
      mute_time_intervals: ["vigie-quiet-m_carol", "vigie-maintenance-m_carol"],
    });
    expect(carol!.routes).toEqual([
      {
        matchers: ['target="t_c2"', 'severity="critical"'],
        mute_time_intervals: ["vigie-maintenance-m_carol", "vigie-maintenance-m_carol-t_c2"],
      },
      {
        matchers: ['target="t_c2"'],
        mute_time_intervals: ["vigie-quiet-m_carol", "vigie-maintenance-m_carol", "vigie-maintenance-m_carol-t_c2"],
      },
      { matchers: ['severity="critical"'], mute_time_intervals: ["vigie-maintenance-m_carol"] },
    ]);
    expect(dave).toMatchObject({ repeat_interval: "1h", mute_time_intervals: ["vigie-quiet-m_dave"] });
    expect(dave!.routes).toBeUndefined();
    const quiet = config.time_intervals.find((i: { name: string }) => i.name === "vigie-quiet-m_carol");
    // Past midnight: Monday–Friday evenings, then Tuesday–Saturday mornings.
    expect(quiet.time_intervals).toEqual([
      {
        weekdays: ["monday", "tuesday", "wednesday", "thursday", "friday"],
        times: [{ start_time: "22:30", end_time: "24:00" }],
        location: "Europe/Brussels",
      },
      {
        weekdays: ["tuesday", "wednesday", "thursday", "friday", "saturday"],
        times: [{ start_time: "00:00", end_time: "07:00" }],
        location: "Europe/Brussels",
      },
    ]);
    const wide = config.time_intervals.find((i: { name: string }) => i.name === "vigie-maintenance-m_carol");
    expect(wide.time_intervals).toEqual([
      { weekdays: ["saturday"], times: [{ start_time: "23:00", end_time: "24:00" }], location: "Europe/Brussels" },
    ]);
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("renders the same file whatever the order of the weekly silences", () => {
    const reversed = { ...carolSettings, weeklySilences: [...carolSettings.weeklySilences].reverse() };
    const snapshot = buildSnapshot(
      settingsSnapshot.members.flatMap((m) => m.targets),
      new Map([
        ["m_carol", reversed],
        ["m_dave", daveSettings],
      ]),
    );
    expect(renderAlertmanagerConfig(snapshot, sampleAlertmanagerOptions)).toBe(
      renderAlertmanagerConfig(settingsSnapshot, sampleAlertmanagerOptions),
    );
  });

  it("keeps the base's time intervals next to the members' ones", async () => {
    const base = {
      ...sampleBase,
      time_intervals: [
        { name: "hub-nights", time_intervals: [{ times: [{ start_time: "00:00", end_time: "06:00" }] }] },
      ],
    };
    const config = parse(renderAlertmanagerConfig(settingsSnapshot, { ...sampleAlertmanagerOptions, base }));
    expect(config.time_intervals.map((i: { name: string }) => i.name)).toEqual([
      "hub-nights",
      "vigie-quiet-m_carol",
      "vigie-maintenance-m_carol",
      "vigie-maintenance-m_carol-t_c2",
      "vigie-quiet-m_dave",
    ]);
  });

  it("routes infra alerts to the relay's infra webhook and inhibits the targets behind each component", async () => {
    const text = renderAlertmanagerConfig(infraSnapshot, sampleAlertmanagerOptions);
    expectGolden("alertmanager-infra.yml", text);
    const config = parse(text);
    expect(config.route.routes[0]).toMatchObject({
      receiver: "vigie-infra",
      matchers: ['infra=~".+"'],
      group_by: ["infra"],
      continue: true,
    });
    const infra = config.receivers.find((r: { name: string }) => r.name === "vigie-infra");
    expect(infra.webhook_configs[0]).toMatchObject({
      url: "http://127.0.0.1:3000/api/alertmanager/infra",
      send_resolved: true,
      http_config: { authorization: { type: "Bearer", credentials: sampleAlertmanagerOptions.webhookToken } },
    });
    expect(config.inhibit_rules).toEqual([
      {
        source_matchers: ['alertname="InfraHypervisorDown"', 'infra="i_pve1"'],
        target_matchers: ['depends_on="i_pve1"'],
      },
      {
        source_matchers: ['alertname="InfraVpnServerDown"', 'infra="i_vpn1"'],
        target_matchers: ['depends_on="i_vpn1"'],
      },
    ]);
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("appends the inhibit rules to the base's own, and amtool accepts the whole", async () => {
    const text = renderAlertmanagerConfig(infraSnapshot, { ...sampleAlertmanagerOptions, base: sampleBase });
    const config = parse(text);
    expect(config.inhibit_rules).toHaveLength(3);
    expect(config.inhibit_rules[0]).toEqual((sampleBase.inhibit_rules as unknown[])[0]);
    expect(config.receivers.map((r: { name: string }) => r.name)).toEqual([
      "infra-matrix",
      "infra-mattermost",
      "vigie-relay",
      "vigie-infra",
    ]);
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("lets amtool refuse an inhibit rule with a broken matcher", async () => {
    const text = renderAlertmanagerConfig(infraSnapshot, sampleAlertmanagerOptions).replace(
      'depends_on="i_pve1"',
      'depends_on=~"("',
    );
    expect(await amtoolCheck(text)).toMatchObject({ ok: false });
  });
});
