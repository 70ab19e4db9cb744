import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bundleSample, fixtureMacs, fixtureSsids } from "@/lib/testing/antennas/bundle-fixtures";
import { runUnderBusybox } from "@/lib/testing/antennas/busybox";
import { renderStationScript } from "./bundle-scripts";

// The station script as OpenWrt runs it: busybox's shell and applets, `iw` output of an access point.
const run = (salt = bundleSample.salt) => runUnderBusybox(renderStationScript(salt));
const hash = (salt: string, mac: string) =>
  createHash("sha256")
    .update(salt + mac)
    .digest("hex")
    .slice(0, 12);

describe("the station script under busybox", () => {
  it("prints a count per access point and, per station, signal and connected time under a salted hash", () => {
    const [first, second, third] = fixtureMacs.map((mac) => hash(bundleSample.salt, mac));
    expect(run()).toBe(
      [
        "vigie_wifi,interface=phy0-ap1 stations=0i",
        `vigie_wifi_station,interface=phy0-ap0,station=${first} signal_dbm=-52i,connected_seconds=345i`,
        `vigie_wifi_station,interface=phy0-ap0,station=${second} signal_dbm=-71i,connected_seconds=7i`,
        `vigie_wifi_station,interface=phy0-ap0,station=${third} connected_seconds=86400i`,
        "vigie_wifi,interface=phy0-ap0 stations=3i",
        "",
      ].join("\n"),
    );
  });

  it("hashes the lowercase MAC: the fixture prints the first one in capitals", () => {
    const output = run();
    expect(output).toContain(`station=${hash(bundleSample.salt, "3c:a9:f4:12:34:56")}`);
    expect(output).not.toContain(`station=${hash(bundleSample.salt, "3C:A9:F4:12:34:56")}`);
  });

  it("prints no MAC address, SSID or uplink station, and another salt gives other hashes", () => {
    const output = run();
    expect(output).not.toMatch(/([0-9a-f]{2}[:-]){5}[0-9a-f]{2}/i);
    for (const mac of fixtureMacs) expect(output.toLowerCase()).not.toContain(mac.replaceAll(":", ""));
    for (const ssid of fixtureSsids) expect(output).not.toContain(ssid);
    expect(output).not.toContain("phy1-sta0");
    const stations = (text: string) => [...text.matchAll(/station=([0-9a-f]+)/g)].map((m) => m[1]);
    expect(stations(output).every((station) => /^[0-9a-f]{12}$/.test(station!))).toBe(true);
    const other = stations(run("b3RoZXItYW50ZW5uYS1zYWx0LXZhbHVl"));
    expect(other).toHaveLength(3);
    expect(other.filter((station) => stations(output).includes(station))).toEqual([]);
  });
});
