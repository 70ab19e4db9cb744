import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isHostName, isIpLiteral } from "./host";

describe("isIpLiteral", () => {
  // Short strings over the characters IP spellings use: the browser-safe check agrees with node:net, zones aside.
  it("agrees with net.isIP", () => {
    const spelling = fc
      .string({ unit: fc.constantFrom(..."0123456789afx:."), maxLength: 20 })
      .filter((value) => !value.includes("%"));
    const samples = [
      "010.0.0.1",
      "0x7f.1",
      "2130706433",
      "::ffff:010.0.0.1",
      "::ffff:1.2.3.4",
      "1.2.3.04",
      "::",
      "0.0.0.0",
      "1::2:3:4:5:6:7",
      "::1.2.3.4",
    ];
    for (const value of samples) expect(isIpLiteral(value), value).toBe(isIP(value) !== 0);
    fc.assert(
      fc.property(spelling, (value) => isIpLiteral(value) === (isIP(value) !== 0)),
      { numRuns: 20_000 },
    );
  });

  it("refuses IPv6 zones", () => {
    expect(isIpLiteral("fe80::1%eth0")).toBe(false);
  });
});

describe("isHostName", () => {
  it.each(["010.0.0.1", "127.1", "0x7f.0x1", "a.0X", "a.123"])(
    "refuses %s, which parsers read as a number",
    (value) => {
      expect(isHostName(value)).toBe(false);
    },
  );

  it.each(["brick.example.org", "1.example.org", "a.b0x1", "xn--bcher-kva.example"])("accepts %s", (value) => {
    expect(isHostName(value)).toBe(true);
  });
});
