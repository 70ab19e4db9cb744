import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderVmagentRelabel, vmagentRelabelFile } from "@/lib/monitoring/render-vmagent-relabel";
import { victoriaMetricsRetention } from "@/lib/tiers/schema";
import { checkTierIds, keepTierRelabel, remoteWriteFlags } from "./tiers";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vigie-stack-tiers-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the dev stack's tier routing", () => {
  it("keeps a tier's series only, and for the default instance the untiered ones too", () => {
    expect(keepTierRelabel("r_a", false)).toEqual([{ action: "keep", source_labels: ["tier"], regex: "r_a" }]);
    expect(keepTierRelabel("r_i", true)).toEqual([{ action: "keep", source_labels: ["tier"], regex: "r_i|" }]);
    expect(keepTierRelabel(undefined, true)).toEqual([{ action: "keep", source_labels: ["tier"], regex: "" }]);
  });

  it("writes every tier through vmauth as its vmagent user, one relabelling file per URL in flag order", async () => {
    const options = {
      configDir: dir,
      portalConfigDir: "/portal",
      vmauthUrl: "http://127.0.0.1:9",
      defaultUrl: "http://127.0.0.1:1",
    };
    const flags = await remoteWriteFlags({
      ...options,
      defaultTier: { id: "r_i", retention: "1d", default: true },
      tiers: [{ id: "r_a", retention: "1d" }],
    });
    expect(flags).toEqual([
      "-remoteWrite.url=http://127.0.0.1:9/api/v1/write",
      `-remoteWrite.urlRelabelConfig=${path.join(dir, "remote-write-default.yml")}`,
      "-remoteWrite.url=http://127.0.0.1:9/api/v1/write",
      `-remoteWrite.urlRelabelConfig=${path.join(dir, "remote-write-r_a.yml")}`,
      "-remoteWrite.basicAuth.username=vmagent-r_i,vmagent-r_a",
      "-remoteWrite.basicAuth.passwordFile=/portal/service-users/vmagent-r_i.password,/portal/service-users/vmagent-r_a.password",
    ]);
    // No default tier: the default instance is written directly, and its place in the user lists stays empty.
    expect(await remoteWriteFlags({ ...options, tiers: [{ id: "r_a", retention: "1d" }] })).toEqual([
      "-remoteWrite.url=http://127.0.0.1:1/api/v1/write",
      `-remoteWrite.urlRelabelConfig=${path.join(dir, "remote-write-default.yml")}`,
      "-remoteWrite.url=http://127.0.0.1:9/api/v1/write",
      `-remoteWrite.urlRelabelConfig=${path.join(dir, "remote-write-r_a.yml")}`,
      "-remoteWrite.basicAuth.username=,vmagent-r_a",
      "-remoteWrite.basicAuth.passwordFile=,/portal/service-users/vmagent-r_a.password",
    ]);
    expect(await remoteWriteFlags({ ...options, tiers: [] })).toEqual([
      "-remoteWrite.url=http://127.0.0.1:1/api/v1/write",
      `-remoteWrite.urlRelabelConfig=${path.join(dir, "remote-write-default.yml")}`,
    ]);
    expect(parse(await readFile(path.join(dir, "remote-write-r_a.yml"), "utf8"))).toEqual(
      keepTierRelabel("r_a", false),
    );
    const scrape = path.join(dir, "scrape.yml");
    await writeFile(scrape, `scrape_configs:\n  - job_name: x\n    static_configs: [{targets: ["127.0.0.1:1"]}]\n`);
    const relabel = path.join(dir, vmagentRelabelFile);
    const snapshot = { members: [], infra: [], kindTiers: { vps: "r_v", vpn: "r_a" } };
    await writeFile(relabel, renderVmagentRelabel(snapshot)[vmagentRelabelFile]!);
    // vmagent's own check of the flags as the stack gives them: every per-URL file and the portal's relabelling.
    await promisify(execFile)(process.env.VMAGENT_BIN ?? "vmagent", [
      "-dryRun",
      `-promscrape.config=${scrape}`,
      ...flags,
      `-remoteWrite.relabelConfig=${relabel}`,
    ]);
  });

  it("gives VictoriaMetrics months as a bare number, which is all 1.79 accepts for months", async () => {
    expect(["6M", "3y", "1d", "6", "24h"].map(victoriaMetricsRetention)).toEqual(["6", "3y", "1d", "6", "24h"]);
    const vm = process.env.VICTORIA_METRICS_BIN ?? "victoria-metrics";
    // The process exits at once on a refused flag value, before opening any storage.
    const refused = await promisify(execFile)(vm, ["-retentionPeriod=6M"]).catch(
      (error: { stdout: string; stderr: string }) => error,
    );
    expect(`${(refused as { stdout: string }).stdout}${(refused as { stderr: string }).stderr}`).toContain(
      "duration in months must be set without",
    );
  });

  it("starts nothing with an id that is not one, nor two default tiers", () => {
    expect(() => checkTierIds([{ id: "a/b", retention: "1d" }])).toThrow(/not an id/);
    expect(() =>
      checkTierIds([
        { id: "a", retention: "1d", default: true },
        { id: "b", retention: "1d", default: true },
      ]),
    ).toThrow(/at most one/);
  });
});
