import { describe, expect, it } from "vitest";
import { emptySnapshot, infraSnapshot, sampleSnapshot } from "@/lib/testing/monitoring/fixtures";
import { expectGolden } from "@/lib/testing/monitoring/golden";
import { kindsSnapshot, tieredSnapshot } from "@/lib/testing/monitoring/kind-fixtures";
import { renderFileSd } from "./render-file-sd";

type Group = { targets: string[]; labels: Record<string, string> };
const groupsOf = (files: Record<string, string>, kind: string) => JSON.parse(files[`file_sd/${kind}.json`]!) as Group[];

describe("renderFileSd", () => {
  it("renders one sorted file per probed kind", () => {
    const files = renderFileSd(sampleSnapshot);
    expect(Object.keys(files)).toEqual([
      "file_sd/brick.json",
      "file_sd/ping.json",
      "file_sd/tcp.json",
      "file_sd/infra.json",
    ]);
    expectGolden("file_sd/brick.json", files["file_sd/brick.json"]!);
  });

  it("labels each probe with ids and its module only", () => {
    const groups = groupsOf(renderFileSd(sampleSnapshot), "brick");
    expect(groups.map((g) => g.targets)).toEqual([
      ["http://80.67.169.12:8080/"],
      ["https://alice.example.org/cloud"],
      ["https://bob.example.org/"],
    ]);
    expect(groups[0]!.labels).toEqual({ member: "m_alice", target: "t_a1", kind: "brick", module: "http_2xx" });
  });

  it("probes ping hosts with icmp and tcp ports with tcp_connect, and leaves VPS and VPN to the rules", () => {
    const files = renderFileSd(kindsSnapshot);
    expectGolden("file_sd/ping.json", files["file_sd/ping.json"]!);
    expectGolden("file_sd/tcp.json", files["file_sd/tcp.json"]!);
    expect(groupsOf(files, "ping")).toEqual([
      { targets: ["2001:910:800::12"], labels: { member: "m_alice", target: "t_a2", kind: "ping", module: "icmp" } },
      { targets: ["80.67.169.12"], labels: { member: "m_bob", target: "t_b2", kind: "ping", module: "icmp" } },
    ]);
    expect(groupsOf(files, "tcp").map((g) => [g.targets[0], g.labels.module])).toEqual([
      ["[2001:910:800::12]:22", "tcp_connect"],
      ["bob.example.org:443", "tcp_connect"],
    ]);
    expect(Object.keys(files).filter((name) => /vps|vpn/.test(name))).toEqual([]);
  });

  it("renders empty but valid files when there is nothing to probe", () => {
    expect(renderFileSd(emptySnapshot)).toEqual({
      "file_sd/brick.json": "[]\n",
      "file_sd/ping.json": "[]\n",
      "file_sd/tcp.json": "[]\n",
      "file_sd/infra.json": "[]\n",
    });
  });

  it("labels dependent targets with their component and pings VPN servers without a member label", () => {
    const files = renderFileSd(infraSnapshot);
    expectGolden("file_sd/infra.json", files["file_sd/infra.json"]!);
    expect(groupsOf(files, "brick")[0]!.labels).toEqual({
      member: "m_alice",
      target: "t_a1",
      kind: "brick",
      module: "http_2xx",
      depends_on: "i_vpn1",
    });
    expect(groupsOf(files, "ping")[0]!.labels).not.toHaveProperty("depends_on");
    // The hypervisor is watched through pve-exporter's metrics, not probed.
    expect(groupsOf(files, "infra")).toEqual([
      { targets: ["vpn.neutrinet.be"], labels: { infra: "i_vpn1", kind: "vpn_server", module: "icmp" } },
    ]);
  });

  it("labels the probes of a kind that has a tier with it, and only those", () => {
    const files = renderFileSd(tieredSnapshot);
    expectGolden("file_sd/brick-tiered.json", files["file_sd/brick.json"]!);
    expect(groupsOf(files, "brick").map((g) => g.labels.tier)).toEqual(["r_ffdn"]);
    expect(groupsOf(files, "ping").every((g) => !("tier" in g.labels))).toBe(true);
    expect(groupsOf(files, "tcp").every((g) => !("tier" in g.labels))).toBe(true);
  });

  it("refuses a tier id that could not be a label value and a folder name", () => {
    expect(() => renderFileSd({ ...tieredSnapshot, kindTiers: { brick: "../x" } })).toThrow(/not an id/);
  });
});
