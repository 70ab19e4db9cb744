import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emptySnapshot, sampleTimings } from "@/lib/testing/monitoring/fixtures";
import { expectGolden } from "@/lib/testing/monitoring/golden";
import { antennaRulesFile, renderAntennaRules } from "./render-antenna-rules";
import { renderRules } from "./render-rules";
import { productionTimings } from "./timings";
import { checkRules } from "./validate";

const vmalertBin = process.env.VMALERT_BIN ?? "vmalert";
type Rules = {
  groups: { name: string; rules: { alert: string; expr: string; for: string; labels: Record<string, string> }[] }[];
};
const rulesOf = (file: string) => (parse(file) as Rules).groups[0]!.rules;

describe("renderAntennaRules", () => {
  it("renders one file per tier holding antennas, two rules each", () => {
    const files = renderAntennaRules(["r_squats", "r_vpn", "r_squats"], sampleTimings);
    expect(Object.keys(files)).toEqual([antennaRulesFile("r_squats"), antennaRulesFile("r_vpn")]);
    expect(antennaRulesFile("r_squats")).toBe("rules/r_squats/vigie-antennas.yml");
    for (const [name, content] of Object.entries(files)) expectGolden(name, content);
  });

  it("renders nothing without antennas, and renderRules adds the files only when a tier holds one", () => {
    expect(renderAntennaRules([], sampleTimings)).toEqual({});
    expect(Object.keys(renderRules(emptySnapshot, sampleTimings))).not.toContain(antennaRulesFile("r_squats"));
    const files = renderRules({ ...emptySnapshot, antennaTiers: ["r_squats"] }, sampleTimings);
    expect(Object.keys(files)).toContain(antennaRulesFile("r_squats"));
  });

  it("waits ten minutes of silence in production, labels no member nor infra, and names no antenna", () => {
    const rules = rulesOf(renderAntennaRules(["r_squats"], productionTimings)[antennaRulesFile("r_squats")]!);
    expect(rules.map((rule) => rule.alert)).toEqual(["AntennaSilent", "AntennaNoClients"]);
    expect(rules[0]!.expr).toContain("present_over_time(system_uptime[10m])");
    expect(rules[1]!.expr).toContain("vigie_antenna_no_client_hours");
    // Only antennas that reported lately: a silent one is AntennaSilent's alone.
    expect(rules[1]!.expr).toMatch(
      / and on \(antenna\) max by \(antenna\) \(present_over_time\(system_uptime\[10m\]\)\)$/,
    );
    // The value is the hours without a client (left of the comparison), not the antenna's setting.
    expect(rules[1]!.expr).toMatch(/^\(\(\(time\(\) - .* >= on \(antenna\) group_left \(\) clamp_max\(/);
    for (const rule of rules) {
      expect(rule.expr).toContain('tier="r_squats"');
      // The antenna label comes from the series: the rule itself names none, so it does not grow with them.
      expect(rule.expr).not.toMatch(/antenna="/);
      expect(Object.keys(rule.labels)).toEqual(["severity"]);
    }
  });

  it("refuses a tier id that could close the label matcher", () => {
    expect(() => renderAntennaRules(['r"} or vector(1) #'], sampleTimings)).toThrow();
  });

  it("passes vmalert's dry run", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "vigie-antenna-rules-"));
    try {
      const files = renderAntennaRules(["r_squats", "r_vpn"], productionTimings);
      for (const [name, content] of Object.entries(files))
        await writeFile(path.join(dir, path.basename(name)), content);
      expect(await checkRules(vmalertBin, path.join(dir, "*.yml"))).toEqual({ ok: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
