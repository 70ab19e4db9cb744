import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { checkHost, type Resolver } from "./network-guard";

const allowing = (...allowedNetworks: string[]) => ({ allowedNetworks, monitoringHosts: [] });

const resolveTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses;
const unknownHost: Resolver = async () => {
  throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
};

describe("checkHost", () => {
  it.each([
    ["127.0.0.1"],
    ["10.0.0.5"],
    ["172.16.3.4"],
    ["192.168.1.1"],
    ["169.254.169.254"],
    ["100.64.1.1"],
    ["224.0.0.1"],
    ["240.0.0.1"],
    ["0.0.0.0"],
    ["::1"],
    ["fe80::1"],
    ["fd12:3456::1"],
    ["::ffff:127.0.0.1"],
    ["[::1]"],
  ])("refuses %s by default", async (address) => {
    expect(await checkHost(address, allowing())).toMatchObject({ ok: false, reason: "address_not_allowed" });
  });

  // The IANA special-purpose registries' blocks that are not globally reachable (or must not be probed: they lead
  // back to IPv4 or to nothing), checked at both ends; then IPv6 space outside global unicast 2000::/3.
  it.each([
    ["0.0.0.0/8"],
    ["10.0.0.0/8"],
    ["100.64.0.0/10"],
    ["127.0.0.0/8"],
    ["169.254.0.0/16"],
    ["172.16.0.0/12"],
    ["192.0.0.0/24"],
    ["192.0.2.0/24"],
    ["192.88.99.0/24"],
    ["192.168.0.0/16"],
    ["198.18.0.0/15"],
    ["198.51.100.0/24"],
    ["203.0.113.0/24"],
    ["224.0.0.0/4"],
    ["240.0.0.0/4"],
    ["255.255.255.255/32"],
    ["::/128"],
    ["::1/128"],
    ["::/96"],
    ["::ffff:0:0/96"],
    ["::ffff:0:0:0/96"],
    ["64:ff9b::/96"],
    ["64:ff9b:1::/48"],
    ["100::/64"],
    ["100:0:0:1::/64"],
    ["2001::/23"],
    ["2001::/32"],
    ["2001:1::/48"],
    ["2001:2::/48"],
    ["2001:10::/28"],
    ["2001:20::/28"],
    ["2001:30::/28"],
    ["2001:db8::/32"],
    ["2002::/16"],
    ["2620:4f:8000::/48"],
    ["3fff::/20"],
    ["4000::/2"],
    ["5f00::/16"],
    ["fc00::/7"],
    ["fe80::/10"],
    ["fec0::/10"],
    ["ff00::/8"],
  ])("refuses both ends of %s", async (cidr) => {
    const family = cidr.includes(":") ? ipaddr.IPv6 : ipaddr.IPv4;
    for (const address of [family.networkAddressFromCIDR(cidr), family.broadcastAddressFromCIDR(cidr)]) {
      expect(await checkHost(address.toString(), allowing()), address.toString()).toMatchObject({
        ok: false,
        reason: "address_not_allowed",
      });
    }
  });

  it.each([
    ["80.67.169.12"],
    ["1.1.1.1"],
    ["100.63.255.255"],
    ["100.128.0.0"],
    ["198.17.255.255"],
    ["198.20.0.0"],
    ["223.255.255.254"],
    ["::ffff:80.67.169.12"],
    ["2001:910:800::12"],
    ["2001:200::1"],
    ["2620:fe::fe"],
    ["2a00:1450:4007:80e::200e"],
    ["2c0f:fb50:4003::1"],
  ])("accepts the public address %s", async (address) => {
    expect(await checkHost(address, allowing())).toEqual({ ok: true, addresses: [address] });
  });

  it("accepts a refused range when the allow-list names it", async () => {
    expect(await checkHost("127.0.0.1", allowing("127.0.0.1/32"))).toMatchObject({ ok: true });
    expect(await checkHost("10.8.3.4", allowing("10.8.0.0/16"))).toMatchObject({ ok: true });
    expect(await checkHost("10.9.3.4", allowing("10.8.0.0/16"))).toMatchObject({ ok: false });
    expect(await checkHost("::ffff:127.0.0.1", allowing("127.0.0.1"))).toMatchObject({ ok: true });
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const verdict = await checkHost("brick.example.org", allowing(), resolveTo("80.67.169.12", "192.168.0.10"));
    expect(verdict).toEqual({ ok: false, reason: "address_not_allowed", address: "192.168.0.10" });
  });

  it("accepts a name whose addresses are all public", async () => {
    expect(await checkHost("brick.example.org", allowing(), resolveTo("80.67.169.12"))).toMatchObject({ ok: true });
  });

  it("reports a host that does not resolve", async () => {
    expect(await checkHost("nope.invalid", allowing(), unknownHost)).toEqual({ ok: false, reason: "host_not_found" });
    expect(await checkHost("empty.example", allowing(), resolveTo())).toEqual({ ok: false, reason: "host_not_found" });
  });
});
