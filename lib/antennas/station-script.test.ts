import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSample, fixtureMacs, fixtureSsids, iwFixtures } from "@/lib/testing/antennas/bundle-fixtures";
import { renderStationScript } from "./bundle-scripts";

/**
 * The station script under busybox, as OpenWrt runs it: its shell and every tool it calls are busybox applets
 * (a PATH of busybox links and the stand-in `iw`, no host tool), reading `iw` output in the format of an
 * OpenWrt access point (lib/testing/antennas/iw).
 */
const busybox = "/bin/busybox";
const applets = ["sh", "awk", "sed", "sha256sum", "cut", "cat", "printf"];
let dir: string;
let script: string;

beforeAll(() => {
  if (!existsSync(busybox)) throw new Error("busybox is required: apt-get install -y busybox");
  dir = mkdtempSync(path.join(tmpdir(), "vigie-stations-"));
  mkdirSync(path.join(dir, "bin"));
  for (const applet of applets) symlinkSync(busybox, path.join(dir, "bin", applet));
  script = path.join(dir, "vigie-stations");
  writeFileSync(script, renderStationScript(bundleSample.salt));
  chmodSync(script, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (salt = bundleSample.salt) => {
  writeFileSync(script, renderStationScript(salt));
  return execFileSync(path.join(dir, "bin", "sh"), [script], {
    encoding: "utf8",
    env: { NODE_ENV: "test", PATH: `${iwFixtures}:${path.join(dir, "bin")}`, IW_FIXTURES: iwFixtures },
  });
};
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
    expect(run()).toContain(
      `station=${createHash("sha256").update(`${bundleSample.salt}3c:a9:f4:12:34:56`).digest("hex").slice(0, 12)}`,
    );
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
