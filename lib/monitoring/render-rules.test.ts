import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sampleTimings } from "./fixtures";
import { expectGolden } from "./golden";
import { renderRules } from "./render-rules";
import { productionTimings } from "./timings";
import { checkRules } from "./validate";

const vmalertBin = process.env.VMALERT_BIN ?? "vmalert";

async function dryRun(content: string) {
  const dir = await mkdtemp(path.join(tmpdir(), "vigie-rules-"));
  try {
    await writeFile(path.join(dir, "rules.yml"), content);
    return await checkRules(vmalertBin, path.join(dir, "*.yml"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("renderRules", () => {
  it("renders the brick rules", () => {
    const files = renderRules(sampleTimings);
    expect(Object.keys(files)).toEqual(["rules/vigie-brick.yml"]);
    expectGolden("rules/vigie-brick.yml", files["rules/vigie-brick.yml"]!);
  });

  it("takes the probe-failed delay from the timings and scopes every rule to bricks", () => {
    const { groups } = parse(renderRules(productionTimings)["rules/vigie-brick.yml"]!) as { groups: { rules: { alert: string; expr: string; for: string }[] }[] };
    const rules = groups[0]!.rules;
    expect(rules.find((r) => r.alert === "BlackboxProbeFailed")?.for).toBe("1m");
    for (const rule of rules) expect(rule.expr).toContain('kind="brick"');
  });

  it("is accepted by vmalert -dryRun", async () => {
    expect(await dryRun(renderRules(sampleTimings)["rules/vigie-brick.yml"]!)).toEqual({ ok: true });
  });

  it("would notice a rule vmalert refuses", async () => {
    const broken = "groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: 'probe_success =='\n";
    expect(await dryRun(broken)).toMatchObject({ ok: false, error: expect.stringContaining("bad prometheus expr") });
  });
});
