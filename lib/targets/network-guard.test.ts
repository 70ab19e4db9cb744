import { describe, expect, it } from "vitest";
import { checkHost, type Resolver } from "./network-guard";

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
    expect(await checkHost(address, [])).toMatchObject({ ok: false, reason: "address_not_allowed" });
  });

  it("accepts public addresses", async () => {
    expect(await checkHost("80.67.169.12", [])).toEqual({ ok: true, addresses: ["80.67.169.12"] });
    expect(await checkHost("2001:910:800::12", [])).toMatchObject({ ok: true });
  });

  it("accepts a refused range when the allow-list names it", async () => {
    expect(await checkHost("127.0.0.1", ["127.0.0.1/32"])).toMatchObject({ ok: true });
    expect(await checkHost("10.8.3.4", ["10.8.0.0/16"])).toMatchObject({ ok: true });
    expect(await checkHost("10.9.3.4", ["10.8.0.0/16"])).toMatchObject({ ok: false });
    expect(await checkHost("::ffff:127.0.0.1", ["127.0.0.1"])).toMatchObject({ ok: true });
  });

  it("refuses a name when any of its addresses is refused", async () => {
    const verdict = await checkHost("brick.example.org", [], resolveTo("80.67.169.12", "192.168.0.10"));
    expect(verdict).toEqual({ ok: false, reason: "address_not_allowed", address: "192.168.0.10" });
  });

  it("accepts a name whose addresses are all public", async () => {
    expect(await checkHost("brick.example.org", [], resolveTo("80.67.169.12"))).toMatchObject({ ok: true });
  });

  it("reports a host that does not resolve", async () => {
    expect(await checkHost("nope.invalid", [], unknownHost)).toEqual({ ok: false, reason: "host_not_found" });
    expect(await checkHost("empty.example", [], resolveTo())).toEqual({ ok: false, reason: "host_not_found" });
  });
});
