import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { emptySnapshot, infraSnapshot, sampleTimings } from "@/lib/testing/monitoring/fixtures";
import { expectGolden } from "@/lib/testing/monitoring/golden";
import { kindsSnapshot, tieredSnapshot } from "@/lib/testing/monitoring/kind-fixtures";
import { renderRules } from "./render-rules";
import { productionTimings } from "./timings";
import { checkRules } from "./validate";

const vmalertBin = process.env.VMALERT_BIN ?? "vmalert";
const kinds = ["brick", "ping", "tcp", "vps", "vpn", "infra"];
type Rules = {
  groups: { name: string; rules: { alert: string; expr: string; for: string; labels: Record<string, string> }[] }[];
};
const rulesOf = (files: Record<string, string>, kind: string) =>
  (parse(files[`rules/vigie-${kind}.yml`]!) as Rules).groups[0]!.rules;

async function dryRun(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), "vigie-rules-"));
  try {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), content);
    }
    return await checkRules(vmalertBin, [path.join(dir, "rules/*.yml"), path.join(dir, "rules/*/*.yml")]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("renderRules", () => {
  it("renders one file per kind", () => {
    const files = renderRules(kindsSnapshot, sampleTimings);
    expect(Object.keys(files)).toEqual(kinds.map((kind) => `rules/vigie-${kind}.yml`));
    for (const kind of kinds) expectGolden(`rules/vigie-${kind}.yml`, files[`rules/vigie-${kind}.yml`]!);
  });

  it("takes the probe-failed delay from the timings and scopes every probe rule to its kind", () => {
    const files = renderRules(emptySnapshot, productionTimings);
    for (const kind of ["brick", "ping", "tcp"]) {
      const rules = rulesOf(files, kind);
      expect(rules.find((r) => r.alert === "BlackboxProbeFailed")?.for).toBe("1m");
      for (const rule of rules) expect(rule.expr).toContain(`kind="${kind}"`);
    }
    expect(rulesOf(files, "vps")).toEqual([]);
    expect(rulesOf(files, "vpn")).toEqual([]);
    expect(rulesOf(files, "infra")).toEqual([]);
  });

  it("renders each component's down alert without a member, and labels dependent VPS and VPN rules", async () => {
    const files = renderRules(infraSnapshot, sampleTimings);
    expectGolden("rules/vigie-infra-components.yml", files["rules/vigie-infra.yml"]!);
    expect(rulesOf(files, "infra")).toEqual([
      expect.objectContaining({
        alert: "InfraHypervisorDown",
        expr: 'pve_up{id="node/pve1"} == 0',
        labels: { infra: "i_pve1", component_kind: "hypervisor", severity: "critical" },
      }),
      expect.objectContaining({
        alert: "InfraVpnServerDown",
        expr: 'probe_success{infra="i_vpn1"} == 0',
        labels: { infra: "i_vpn1", component_kind: "vpn_server", severity: "critical" },
      }),
    ]);
    expect(rulesOf(files, "vps").every((rule) => rule.labels.depends_on === "i_pve1")).toBe(true);
    expect(rulesOf(files, "vpn")[0]!.labels).toMatchObject({ member: "m_alice", target: "t_a3", depends_on: "i_vpn1" });
    expect(await dryRun(files)).toEqual({ ok: true });
  });

  it("gives each VPS and VPN rule its guest or client and the member's static labels", () => {
    const files = renderRules(kindsSnapshot, sampleTimings);
    const vps = rulesOf(files, "vps");
    expect(vps.filter((r) => r.labels.target === "t_a4").map((r) => r.alert)).toEqual([
      "PveGuestDown",
      "PveHighCpuUsage",
      "PveHighMemoryUsage",
      "PveGuestDiskFillingUp",
      "PveGuestNotBackedUp",
    ]);
    const down = vps.find((r) => r.alert === "PveGuestDown" && r.labels.target === "t_b4")!;
    expect(down).toMatchObject({
      expr: 'pve_up{id="lxc/205"} == 0',
      labels: { member: "m_bob", target: "t_b4", kind: "vps", severity: "critical" },
    });
    expect(rulesOf(files, "vpn")).toEqual([
      expect.objectContaining({
        expr: 'vpn_client_connected{client="alice"} == 0 or absent(vpn_client_connected{client="alice"})',
        labels: { member: "m_alice", target: "t_a5", kind: "vpn", severity: "critical" },
      }),
      expect.objectContaining({ labels: expect.objectContaining({ member: "m_bob", target: "t_b5" }) }),
    ]);
  });

  it("is accepted by vmalert -dryRun, with and without targets", async () => {
    expect(await dryRun(renderRules(kindsSnapshot, sampleTimings))).toEqual({ ok: true });
    expect(await dryRun(renderRules(emptySnapshot, sampleTimings))).toEqual({ ok: true });
  });

  it("would notice a rule vmalert refuses", async () => {
    const broken = "groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: 'probe_success =='\n";
    expect(
      await dryRun({ "rules/r_x/vigie-brick.yml": broken, "rules/vigie-infra.yml": "groups: []\n" }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining("bad prometheus expr"),
    });
  });

  it("puts the rules of a kind that has a tier in that tier's folder, for the vmalert reading that tier", async () => {
    const files = renderRules(tieredSnapshot, sampleTimings);
    expect(Object.keys(files).sort()).toEqual([
      "rules/r_ffdn/vigie-brick.yml",
      "rules/r_ffdn/vigie-vpn.yml",
      "rules/r_vps/vigie-vps.yml",
      "rules/vigie-infra.yml",
      "rules/vigie-ping.yml",
      "rules/vigie-tcp.yml",
    ]);
    // Only the place changes: the same rules as without tiers.
    const untiered = renderRules(kindsSnapshot, sampleTimings);
    expect(files["rules/r_ffdn/vigie-brick.yml"]).toBe(untiered["rules/vigie-brick.yml"]);
    expect(files["rules/r_vps/vigie-vps.yml"]).toBe(untiered["rules/vigie-vps.yml"]);
    expect(await dryRun(files)).toEqual({ ok: true });
  });
});
