import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { expectGolden } from "@/lib/testing/monitoring/golden";
import { vmauthSample } from "@/lib/testing/monitoring/vmauth-fixtures";
import { readPaths, renderServicePasswords, renderVmauth, vmauthFile } from "./render-vmauth";

type User = { username: string; password: string; url_map: { src_paths: string[]; url_prefix: string }[] };
const usersOf = (files: Record<string, string>) => (parse(files[vmauthFile]!) as { users: User[] }).users;

describe("renderVmauth", () => {
  it("renders service users then antennas, sorted by tier and antenna", () => {
    const files = renderVmauth(vmauthSample);
    expect(Object.keys(files)).toEqual([vmauthFile]);
    expectGolden("vmauth.yml", files[vmauthFile]!);
    expect(usersOf(files).map((u) => u.username)).toEqual([
      "vmagent-tier_a",
      "reader-tier_a",
      "antenna-an_1-g1",
      "antenna-an_3-g2",
      "antenna-an_3-g1",
      "vmagent-tier_b",
      "reader-tier_b",
      "antenna-an_2-g1",
    ]);
  });

  it("does not depend on the input order", () => {
    const shuffled = {
      ...vmauthSample,
      tiers: [...vmauthSample.tiers].reverse(),
      antennas: [...vmauthSample.antennas].reverse(),
    };
    expect(renderVmauth(shuffled)).toEqual(renderVmauth(vmauthSample));
  });

  it("opens only the remote-write path to antennas, with their own id forced as label", () => {
    const antennas = usersOf(renderVmauth(vmauthSample)).filter((u) => u.username.startsWith("antenna-"));
    for (const user of antennas) {
      expect(user.url_map).toHaveLength(1);
      expect(user.url_map[0]!.src_paths).toEqual(["/api/v1/write"]);
    }
    expect(antennas[0]!.url_map[0]!.url_prefix).toBe("http://127.0.0.1:8428/?extra_label=antenna=an_1");
    expect(antennas.at(-1)!.url_map[0]!.url_prefix).toBe("http://127.0.0.1:9428/?extra_label=antenna=an_2");
  });

  it("opens only query and lookup paths to readers", () => {
    const reader = usersOf(renderVmauth(vmauthSample)).find((u) => u.username === "reader-tier_a")!;
    expect(reader.url_map).toEqual([{ src_paths: [...readPaths], url_prefix: "http://127.0.0.1:8428" }]);
    expect(reader.url_map[0]!.src_paths.join(" ")).not.toMatch(/export|delete|admin|write|import|federate/);
  });

  it("keeps a rotated password until validUntil only", () => {
    const at = (iso: string) => usersOf(renderVmauth({ ...vmauthSample, now: new Date(iso) }));
    const an3 = (users: User[]) => users.filter((u) => u.username.startsWith("antenna-an_3-")).map((u) => u.password);
    expect(an3(at("2026-12-01T11:59:59Z"))).toEqual(["new-an3-password", "old-an3-password"]);
    expect(an3(at("2026-12-01T12:00:00Z"))).toEqual(["new-an3-password"]);
  });

  it("leaves revoked antennas out", () => {
    const input = { ...vmauthSample, antennas: vmauthSample.antennas.filter((a) => a.id !== "an_1") };
    expect(renderVmauth(input)[vmauthFile]).not.toContain("an_1");
  });

  it("refuses ids that are not opaque, unknown tiers, duplicate credentials and an empty file", () => {
    const antenna = vmauthSample.antennas[0]!;
    expect(() => renderVmauth({ ...vmauthSample, antennas: [{ ...antenna, id: "a&extra_label=x" }] })).toThrow();
    expect(() => renderVmauth({ ...vmauthSample, antennas: [{ ...antenna, tierId: "tier_z" }] })).toThrow();
    expect(() => renderVmauth({ ...vmauthSample, antennas: [antenna, { ...antenna, id: "an_9" }] })).toThrow(
      /used twice/,
    );
    expect(() => renderVmauth({ ...vmauthSample, antennas: [{ ...antenna, username: "a:b" }] })).toThrow();
    expect(() => renderVmauth({ ...vmauthSample, antennas: [{ ...antenna, password: "x%{HOME}" }] })).toThrow();
    expect(() => renderVmauth({ ...vmauthSample, antennas: [{ ...antenna, password: "" }] })).toThrow();
    const tier = vmauthSample.tiers[0]!;
    expect(() =>
      renderVmauth({ ...vmauthSample, tiers: [{ ...tier, victoriaMetricsUrl: "http://vm/?x=1" }] }),
    ).toThrow();
    expect(() => renderVmauth({ tiers: [], antennas: [], now: vmauthSample.now })).toThrow();
  });

  it("writes each tier's service passwords alone, one file per user, for vmagent and vmalert", () => {
    expect(renderServicePasswords(vmauthSample)).toEqual({
      "service-users/vmagent-tier_b.password": "vmagent-b-password",
      "service-users/reader-tier_b.password": "reader-b-password",
      "service-users/vmagent-tier_a.password": "vmagent-a-password",
      "service-users/reader-tier_a.password": "reader-a-password",
    });
    const unusable = { ...vmauthSample.tiers[0]!, reader: { username: "reader-tier_b", password: "%{ENV}" } };
    expect(() => renderServicePasswords({ ...vmauthSample, tiers: [unusable] })).toThrow(/unusable password/);
  });
});
