import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emptySnapshot, sampleAlertmanagerOptions, sampleBase, sampleSnapshot } from "./fixtures";
import { expectGolden } from "./golden";
import { renderAlertmanagerConfig } from "./render-alertmanager";
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

describe("renderAlertmanagerConfig", () => {
  it("routes each member with targets to the relay, everything else to null", async () => {
    const text = renderAlertmanagerConfig(sampleSnapshot, sampleAlertmanagerOptions);
    expectGolden("alertmanager.yml", text);
    const config = parse(text);
    expect(config.route.receiver).toBe("null");
    expect(config.route.routes.map((r: { matchers: string[] }) => r.matchers)).toEqual([['member="m_alice"'], ['member="m_bob"']]);
    expect(config.receivers[1].webhook_configs[0]).toMatchObject({ send_resolved: true, max_alerts: 0, http_config: { authorization: { credentials: sampleAlertmanagerOptions.webhookToken } } });
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
    expect(config.route.routes.map((r: { receiver: string }) => r.receiver)).toEqual(["vigie-relay", "vigie-relay", "infra-mattermost"]);
    expect(config.inhibit_rules).toEqual(sampleBase.inhibit_rules);
    expect(config.receivers.map((r: { name: string }) => r.name)).toEqual(["infra-matrix", "infra-mattermost", "vigie-relay"]);
    expect(await amtoolCheck(text)).toEqual({ ok: true });
  });

  it("lets amtool refuse a base whose route names an undefined receiver", async () => {
    const base = { ...sampleBase, route: { receiver: "nobody" } };
    const result = await amtoolCheck(renderAlertmanagerConfig(sampleSnapshot, { ...sampleAlertmanagerOptions, base }));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("undefined receiver") });
  });
});
