import { describe, expect, it } from "vitest";
import { admitTarget, type TargetPolicy } from "./admission";

const resolve = async (host: string) =>
  ({
    "brick.example.org": ["80.67.169.12"],
    "mixed.example.org": ["80.67.169.12", "2001:db8::1"],
    "monitor.example.org": ["80.67.169.40"],
  })[host] ?? [];
const policy: TargetPolicy = {
  allowedNetworks: [],
  autoApprovedNetworks: ["80.67.160.0/19"],
  monitoringHosts: ["80.67.169.40", "2001:910:800::40"],
  resolve,
};

describe("admitTarget", () => {
  it("starts a target active only when every address is auto-approved", async () => {
    expect(await admitTarget({ kind: "ping", label: "p", host: "brick.example.org" }, policy)).toEqual({
      ok: true,
      status: "active",
    });
    expect(await admitTarget({ kind: "brick", label: "b", url: "https://brick.example.org/" }, policy)).toEqual({
      ok: true,
      status: "active",
    });
    expect(await admitTarget({ kind: "tcp", label: "t", host: "2001:910:800::12", port: 22 }, policy)).toEqual({
      ok: true,
      status: "pending",
    });
  });

  it("always asks an admin for VPS and VPN targets", async () => {
    expect(await admitTarget({ kind: "vps", label: "v", vmId: "qemu/101" }, policy)).toEqual({
      ok: true,
      status: "pending",
    });
    expect(await admitTarget({ kind: "vpn", label: "v", client: "alice" }, policy)).toEqual({
      ok: true,
      status: "pending",
    });
  });

  it("refuses the monitoring hosts themselves, by name or address, unless allow-listed", async () => {
    expect(await admitTarget({ kind: "ping", label: "p", host: "80.67.169.40" }, policy)).toEqual({
      ok: false,
      reason: "address_is_monitoring_host",
    });
    expect(await admitTarget({ kind: "tcp", label: "t", host: "2001:910:800:0::40", port: 9093 }, policy)).toEqual({
      ok: false,
      reason: "address_is_monitoring_host",
    });
    expect(await admitTarget({ kind: "ping", label: "p", host: "::ffff:80.67.169.40" }, policy)).toEqual({
      ok: false,
      reason: "address_is_monitoring_host",
    });
    expect(
      await admitTarget(
        { kind: "ping", label: "p", host: "80.67.169.40" },
        { ...policy, allowedNetworks: ["80.67.169.40/32"] },
      ),
    ).toEqual({ ok: true, status: "active" });
  });

  it("refuses a name resolving to a monitoring host", async () => {
    expect(await admitTarget({ kind: "ping", label: "p", host: "monitor.example.org" }, policy)).toEqual({
      ok: false,
      reason: "address_is_monitoring_host",
    });
  });

  // A stored host from before the schema refused these: some resolvers read 010 as octal (8.0.0.1), older Go as 10.
  it.each(["010.0.0.1", "0x7f.1", "2130706433", "127.1"])("refuses %s without resolving it", async (host) => {
    const resolveAny = async () => ["80.67.169.12"];
    expect(await admitTarget({ kind: "ping", label: "p", host }, { ...policy, resolve: resolveAny })).toEqual({
      ok: false,
      reason: "address_not_allowed",
    });
  });

  it("still refuses private and unknown hosts", async () => {
    expect(await admitTarget({ kind: "ping", label: "p", host: "mixed.example.org" }, policy)).toEqual({
      ok: false,
      reason: "address_not_allowed",
    });
    expect(await admitTarget({ kind: "ping", label: "p", host: "nowhere.example.org" }, policy)).toEqual({
      ok: false,
      reason: "host_not_found",
    });
  });

  it.each(["fec0::1", "2001:10::1", "5f00::1", "::7f00:1", "4000::1"])(
    "refuses %s rather than holding it for an admin",
    async (host) => {
      expect(await admitTarget({ kind: "ping", label: "p", host }, policy)).toEqual({
        ok: false,
        reason: "address_not_allowed",
      });
    },
  );
});
