import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { expectGolden } from "@/lib/testing/monitoring/golden";
import { renderVmagentRelabel, vmagentRelabelFile } from "./render-vmagent-relabel";
import type { MonitoringSnapshot } from "./snapshot";

const snapshot = (kindTiers: MonitoringSnapshot["kindTiers"]): MonitoringSnapshot => ({
  members: [],
  infra: [],
  kindTiers,
});
type Rule = { source_labels: string[]; regex: string; replacement: string };
const rulesOf = (files: Record<string, string>) => parse(files[vmagentRelabelFile]!) as Rule[];

describe("renderVmagentRelabel", () => {
  it("gives the exporters' VPS guests and VPN clients their kind's tier", () => {
    const files = renderVmagentRelabel(snapshot({ vps: "r_vps", vpn: "r_ffdn", brick: "r_ffdn" }));
    expect(Object.keys(files)).toEqual([vmagentRelabelFile]);
    expectGolden("vmagent-relabel.yml", files[vmagentRelabelFile]!);
  });

  it("follows a kind to its new tier, and drops the rule of a kind without one", () => {
    expect(rulesOf(renderVmagentRelabel(snapshot({ vps: "r_ffdn" })))).toEqual([
      expect.objectContaining({ source_labels: ["__name__", "id"], replacement: "r_ffdn" }),
    ]);
    expect(rulesOf(renderVmagentRelabel(snapshot({ vpn: "r_x" })))).toEqual([
      expect.objectContaining({ source_labels: ["__name__"], regex: "vpn_client_.+", replacement: "r_x" }),
    ]);
  });

  it("is an empty list with no exporter kind in a tier: vmagent needs the file it was started with", () => {
    expect(renderVmagentRelabel(snapshot({ brick: "r_a" }))[vmagentRelabelFile]).toBe("[]\n");
    expect(renderVmagentRelabel(snapshot(undefined))[vmagentRelabelFile]).toBe("[]\n");
  });

  it("refuses a tier id that is not one (it becomes a label value)", () => {
    expect(() => renderVmagentRelabel(snapshot({ vps: "a\nb" }))).toThrow(/not an id/);
  });
});
