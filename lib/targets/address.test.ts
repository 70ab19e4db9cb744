import { describe, expect, it } from "vitest";
import { probedHostOfStored, toFormValues, toStoredAddress } from "./address";
import { targetInputSchema } from "./schema";

describe("target addresses", () => {
  it.each([
    [{ kind: "brick", label: "b", url: "https://brick.example.org" }, "https://brick.example.org/"],
    [{ kind: "ping", label: "p", host: "[2001:910:800::12]" }, "2001:910:800::12"],
    [{ kind: "tcp", label: "t", host: "2001:910:800::12", port: "443" }, "[2001:910:800::12]:443"],
    [{ kind: "tcp", label: "t", host: "brick.example.org", port: "22" }, "brick.example.org:22"],
    [{ kind: "vps", label: "v", vmId: "lxc/205" }, "lxc/205"],
    [{ kind: "vpn", label: "n", client: "alice.b-1@x" }, "alice.b-1@x"],
  ])("stores %o as %s and gives the form its fields back", (raw, address) => {
    const input = targetInputSchema.parse(raw);
    expect(toStoredAddress(input)).toBe(address);
    const again = targetInputSchema.parse(toFormValues({ kind: input.kind, label: input.label, address }));
    expect(toStoredAddress(again)).toBe(address);
  });
});

describe("probedHostOfStored", () => {
  it.each([
    ["brick", "https://brick.example.org:8443/status", "brick.example.org"],
    ["brick", "http://[2001:910:800::12]:8080/", "[2001:910:800::12]"],
    ["ping", "2001:910:800::12", "2001:910:800::12"],
    ["tcp", "[2001:910:800::12]:443", "2001:910:800::12"],
    ["tcp", "brick.example.org:22", "brick.example.org"],
    ["vps", "qemu/101", null],
    ["brick", "not a url", null],
  ] as const)("reads the host the probes reach from a stored %s address %s", (kind, address, host) => {
    expect(probedHostOfStored({ kind, address })).toBe(host);
  });
});
