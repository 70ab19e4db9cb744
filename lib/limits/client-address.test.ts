import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-address";

const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientAddressOf", () => {
  it("takes the entry the outermost trusted proxy appended, never what the client wrote before it", () => {
    expect(clientAddressOf(forwarded("6.6.6.6, 198.51.100.7"), 1)).toBe("198.51.100.7");
    expect(clientAddressOf(forwarded("6.6.6.6, 198.51.100.7, 10.0.0.2"), 2)).toBe("198.51.100.7");
  });

  it("without a trusted proxy, takes the last entry: the socket's address Next.js wrote", () => {
    expect(clientAddressOf(forwarded("203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddressOf(forwarded("6.6.6.6, 203.0.113.9"), 0)).toBe("203.0.113.9");
    expect(clientAddressOf(new Headers(), 0)).toBe("unknown");
  });

  it("counts IPv6 clients per /56 (a home's delegation: rotating its /64s changes nothing) and IPv4-mapped ones as IPv4", () => {
    expect(clientAddressOf(forwarded("2001:db8:1:2:aaaa::1"), 0)).toBe("2001:db8:1::/56");
    expect(clientAddressOf(forwarded("2001:db8:1:ff:bbbb::9"), 0)).toBe("2001:db8:1::/56");
    expect(clientAddressOf(forwarded("2001:db8:1:100::9"), 0)).toBe("2001:db8:1:100::/56");
    expect(clientAddressOf(forwarded("::ffff:198.51.100.7"), 0)).toBe("198.51.100.7");
  });
});
