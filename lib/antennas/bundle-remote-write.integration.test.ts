import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AntennaStack, startAntennaStack, storedSeries } from "@/lib/testing/antennas/antenna-stack";
import { bundleSample, fixtureMacs } from "@/lib/testing/antennas/bundle-fixtures";
import { runUnderBusybox } from "@/lib/testing/antennas/busybox";
import { influxToRemoteWrite } from "@/lib/testing/antennas/telegraf-remote-write";
import { remoteWriteBody } from "@/lib/testing/monitoring/remote-write";
import { waitFor } from "@/lib/testing/wait-for";
import { renderAntennaBundle } from "./bundle";

/**
 * What the bundle's telegraf sends, through the portal's vmauth rendering into a real tier. The request is built
 * from the bundle itself: the URL, headers and username parsed from its telegraf.conf, the password substituted
 * as telegraf does from VIGIE_ANTENNA_PASSWORD, the body made of the station script's output under busybox plus
 * the lines inputs.net and inputs.system give after `fieldinclude`, serialised as telegraf's
 * prometheusremotewrite serializer does (the real telegraf: scripts/antennas/check-telegraf.ts, not in CI).
 */
const antennaId = bundleSample.antennaId;
let tmp: string;
let stack: AntennaStack;
let http: { url: string; method: string; username: string; password: string; headers: Record<string, string> };
let stationLines: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "vigie-bundle-write-"));
  stack = await startAntennaStack(tmp, antennaId, 2);
  const bundle = renderAntennaBundle({ ...bundleSample, writeUrl: stack.vmauth.url });
  const file = (name: string) => bundle.files.find((one) => one.name === name)!.content;
  const conf = file("telegraf.conf").replace("${VIGIE_ANTENNA_PASSWORD}", stack.credential.password);
  http = (parse(conf) as { outputs: { http: (typeof http)[] } }).outputs.http[0]!;
  stationLines = runUnderBusybox(file("vigie-stations"));
});
afterAll(async () => {
  await stack?.stop();
  await rm(tmp, { recursive: true, force: true });
});

const otherInputs = ["net,interface=phy0-ap0 bytes_recv=123456i,bytes_sent=654321i", "system uptime=86400i"];

const send = (lines: string, password = http.password) =>
  fetch(http.url, {
    method: http.method,
    headers: {
      ...http.headers,
      Authorization: `Basic ${Buffer.from(`${http.username}:${password}`).toString("base64")}`,
    },
    body: new Uint8Array(remoteWriteBody(influxToRemoteWrite(lines, Date.now()))),
  });

describe("the bundle's telegraf output, into the real vmauth and VictoriaMetrics", () => {
  it("is accepted, and stores the contract's series under the antenna's own id, without host or MAC", async () => {
    expect(http.username).toBe(stack.credential.username);
    const response = await send([stationLines.trim(), ...otherInputs].join("\n"));
    await response.body?.cancel();
    expect(response.status).toBe(204);

    const series = await waitFor("the antenna's series stored", async () => {
      const found = await storedSeries(stack.vm, `{antenna="${antennaId}"}`);
      return found.length >= 10 ? found : undefined;
    });
    // 2 interfaces, 2 signals, 3 connected times, 2 byte counters, 1 uptime.
    expect(series).toHaveLength(10);
    expect([...new Set(series.map((one) => one.__name__))].sort()).toEqual([
      "net_bytes_recv",
      "net_bytes_sent",
      "system_uptime",
      "vigie_wifi_station_connected_seconds",
      "vigie_wifi_station_signal_dbm",
      "vigie_wifi_stations",
    ]);
    expect(series.every((one) => one.antenna === antennaId && one.host === undefined)).toBe(true);
    const signal = series.filter((one) => one.__name__ === "vigie_wifi_station_signal_dbm");
    expect(signal).toHaveLength(2);
    for (const one of signal) {
      expect(Object.keys(one).sort()).toEqual(["__name__", "antenna", "interface", "station"]);
      expect(one.station).toMatch(/^[0-9a-f]{12}$/);
    }
    const stations = series.filter((one) => one.__name__ === "vigie_wifi_stations");
    expect(stations.map((one) => one.interface).sort()).toEqual(["phy0-ap0", "phy0-ap1"]);
    expect(Object.keys(stations[0]!).sort()).toEqual(["__name__", "antenna", "interface"]);
    const text = JSON.stringify(series).toLowerCase();
    for (const mac of fixtureMacs) expect(text).not.toContain(mac);
  });

  it("refuses the same body without the right password", async () => {
    const response = await send(otherInputs.join("\n"), "not-the-password");
    await response.body?.cancel();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
