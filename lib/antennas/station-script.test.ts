import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleSample, fixtureMacs, fixtureSsids } from "@/lib/testing/antennas/bundle-fixtures";
import { type BusyboxOptions, runUnderBusybox } from "@/lib/testing/antennas/busybox";
import { renderStationScript } from "./bundle-scripts";

// The station script as OpenWrt runs it: busybox's shell and applets, `iw` output of an access point.
const dir = mkdtempSync(path.join(tmpdir(), "vigie-stations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dailySaltFile = path.join(dir, "station-salt");
const run = (options: BusyboxOptions = {}, salt = bundleSample.salt) =>
  runUnderBusybox(renderStationScript(salt), { dailySaltFile, today: "2026-12-01", ...options });
const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);
/** The antenna's salt of the day as the script left it: `<day> <64 hex>`. */
const dailySalt = () => {
  const [day, value] = readFileSync(dailySaltFile, "utf8").trim().split(" ");
  return { day, value: value! };
};
const stations = (text: string) => [...text.matchAll(/station=([0-9a-f]+)/g)].map((m) => m[1]!);

describe("the station script under busybox", () => {
  it("prints a count per access point and, per station, signal and connected time under a salted hash", () => {
    const output = run();
    const { day, value } = dailySalt();
    expect(day).toBe("2026-12-01");
    expect(value).toMatch(/^[0-9a-f]{64}$/);
    const [first, second, third] = fixtureMacs.map((mac) => hash(bundleSample.salt + value + mac));
    expect(output).toBe(
      [
        "vigie_wifi,interface=phy0-ap1 stations=0i",
        `vigie_wifi_station,interface=phy0-ap0,station=${first} signal_dbm=-52i,connected_seconds=345i`,
        `vigie_wifi_station,interface=phy0-ap0,station=${second} signal_dbm=-71i,connected_seconds=7i`,
        `vigie_wifi_station,interface=phy0-ap0,station=${third} connected_seconds=86400i`,
        "vigie_wifi,interface=phy0-ap0 stations=3i",
        "",
      ].join("\n"),
    );
    // Root-only: the salt of the day is what keeps the hashes from being reversed.
    expect(statSync(dailySaltFile).mode & 0o777).toBe(0o600);
  });

  it("keeps the salt of the day within the day, and replaces it when the day changes", () => {
    const monday = run({ today: "2026-12-07" });
    const mondaySalt = dailySalt().value;
    expect(run({ today: "2026-12-07" })).toBe(monday);
    expect(dailySalt().value).toBe(mondaySalt);
    const tuesday = run({ today: "2026-12-08" });
    expect(dailySalt()).toEqual({ day: "2026-12-08", value: expect.not.stringMatching(mondaySalt) });
    expect(stations(tuesday)).toHaveLength(3);
    expect(stations(tuesday).filter((station) => stations(monday).includes(station))).toEqual([]);
    // A clock set back (a router booting before NTP) is another day too: never an old salt kept for longer.
    run({ today: "1970-01-01" });
    expect(dailySalt().day).toBe("1970-01-01");
  });

  it("cannot be reversed with the portal's salt alone: the hash is not sha256(portal salt + MAC)", () => {
    const output = run();
    for (const mac of fixtureMacs) expect(output).not.toContain(hash(bundleSample.salt + mac));
    // Without a kept file (a reboot empties /var/run), a new salt of the day: other hashes.
    const fresh = runUnderBusybox(renderStationScript(bundleSample.salt));
    expect(stations(fresh).filter((station) => stations(output).includes(station))).toEqual([]);
  });

  it("hashes the lowercase MAC: the fixture prints the first one in capitals", () => {
    const output = run();
    const { value } = dailySalt();
    expect(output).toContain(`station=${hash(`${bundleSample.salt}${value}3c:a9:f4:12:34:56`)}`);
    expect(output).not.toContain(`station=${hash(`${bundleSample.salt}${value}3C:A9:F4:12:34:56`)}`);
  });

  it("prints no MAC address, SSID or uplink station, and another portal salt gives other hashes", () => {
    const output = run();
    expect(output).not.toMatch(/([0-9a-f]{2}[:-]){5}[0-9a-f]{2}/i);
    for (const mac of fixtureMacs) expect(output.toLowerCase()).not.toContain(mac.replaceAll(":", ""));
    for (const ssid of fixtureSsids) expect(output).not.toContain(ssid);
    expect(output).not.toContain("phy1-sta0");
    expect(stations(output).every((station) => /^[0-9a-f]{12}$/.test(station))).toBe(true);
    const other = stations(run({}, "b3RoZXItYW50ZW5uYS1zYWx0LXZhbHVl"));
    expect(other).toHaveLength(3);
    expect(other.filter((station) => stations(output).includes(station))).toEqual([]);
  });
});
