import { describe, expect, it } from "vitest";
import { targetInputSchema } from "./schema";

const hostOf = (host: string) => targetInputSchema.safeParse({ kind: "ping", label: "p", host });

describe("target host", () => {
  // Each is read as a different address by different parsers (010 octal or decimal, hex, a bare 32-bit number).
  it.each(["010.0.0.1", "0x7f.1", "2130706433", "127.1", "0x7f.0x1", "1.2.3.04", "::ffff:010.0.0.1", "fe80::1%eth0"])(
    "refuses %s",
    (host) => {
      expect(hostOf(host)).toMatchObject({ success: false, error: { issues: [{ message: "host_invalid" }] } });
    },
  );

  it.each([
    ["80.67.169.12", "80.67.169.12"],
    ["[2001:910:800::12]", "2001:910:800::12"],
    ["::ffff:80.67.169.12", "::ffff:80.67.169.12"],
    ["Brick.Example.org", "brick.example.org"],
    ["1.example.org", "1.example.org"],
    ["a.b0x1", "a.b0x1"],
  ])("accepts %s", (host, stored) => {
    expect(hostOf(host)).toMatchObject({ success: true, data: { host: stored } });
  });
});
