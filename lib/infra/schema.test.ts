import { describe, expect, it } from "vitest";
import { componentInputSchema } from "./schema";

const addressOf = (address: string) => componentInputSchema.safeParse({ kind: "vpn_server", name: "VPN", address });

describe("VPN server address", () => {
  it.each(["010.0.0.1", "0x7f.1", "2130706433", "10.8.1"])("refuses %s, which parsers read differently", (address) => {
    expect(addressOf(address)).toMatchObject({
      success: false,
      error: { issues: [{ message: "address_host_invalid" }] },
    });
  });

  it.each(["10.8.0.1", "[fd00::1]", "vpn.example.org"])("accepts %s", (address) => {
    expect(addressOf(address)).toMatchObject({ success: true });
  });
});
