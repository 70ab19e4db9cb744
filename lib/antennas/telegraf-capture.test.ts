import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";
import { bundleSample } from "@/lib/testing/antennas/bundle-fixtures";
import { runUnderBusybox } from "@/lib/testing/antennas/busybox";
import { decodeRemoteWriteBody, snappyDecode } from "@/lib/testing/antennas/remote-write-decode";
import { captureDailySalt, captureFolder, capturePassword } from "@/lib/testing/antennas/telegraf-capture";
import { influxToRemoteWrite } from "@/lib/testing/antennas/telegraf-remote-write";
import { type RemoteWriteSeries, remoteWriteBody, remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { renderAntennaBundle } from "./bundle";
import { bandwidthRole } from "./bundle-layout";

/**
 * The request the real telegraf 1.37.2 made with this bundle (recorded by scripts/antennas/check-telegraf.ts
 * --capture) against the request the remote-write test builds for the same input: if they differ, that test no
 * longer posts what telegraf posts.
 */
const request = JSON.parse(readFileSync(path.join(captureFolder, "request.json"), "utf8")) as {
  method: string;
  path: string;
  headers: Record<string, string>;
};
const body = readFileSync(path.join(captureFolder, "body.bin"));
const bundle = renderAntennaBundle({ ...bundleSample, writeUrl: "http://127.0.0.1:8427" });
const file = (name: string) => bundle.files.find((one) => one.name === name)!.content;
const http = (parse(file("telegraf.conf")) as { outputs: { http: { headers: Record<string, string> }[] } }).outputs
  .http[0]!;

/** The station script with the salt of the day it had when telegraf ran it (a copy: the script may replace it). */
const dir = mkdtempSync(path.join(tmpdir(), "vigie-capture-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const stationLines = () => {
  const dailySaltFile = path.join(dir, "station-salt");
  copyFileSync(captureDailySalt, dailySaltFile);
  const today = readFileSync(captureDailySalt, "utf8").split(" ")[0]!;
  return runUnderBusybox(file("vigie-stations"), { dailySaltFile, today });
};

const withoutTime = (series: RemoteWriteSeries[]) =>
  series
    .map(({ labels, samples }) => ({ labels, values: samples.map((sample) => sample.value) }))
    .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));

describe("what the real telegraf sent, against what the tests send", () => {
  it("has the configured method, path and headers, and the antenna's basic auth", () => {
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/api/v1/write");
    for (const [name, value] of Object.entries(remoteWriteHeaders)) {
      expect(request.headers[name.toLowerCase()]).toBe(value);
      expect(http.headers[name]).toBe(value);
    }
    const credential = Buffer.from(`${bundleSample.username}:${capturePassword}`).toString("base64");
    expect(request.headers.authorization).toBe(`Basic ${credential}`);
  });

  it("holds the series the test builds from the station script's lines, names and values alike", () => {
    // Real snappy (with back-references): the body is shorter than the protobuf it carries.
    expect(body.length).toBeLessThan(snappyDecode(body).length);
    const sent = decodeRemoteWriteBody(body);
    const wifi = sent.filter((one) => one.labels.__name__!.startsWith("vigie_"));
    const emulated = influxToRemoteWrite(stationLines(), 0);
    expect(withoutTime(wifi)).toEqual(withoutTime(emulated));
    expect(wifi).toHaveLength(7);

    // inputs.net and inputs.system read this host: the same lines, with the values it read, give the same series.
    const net = sent.filter((one) => one.labels.__name__!.startsWith("net_"));
    const system = sent.filter((one) => one.labels.__name__ === "system_uptime");
    expect(net.length + system.length + wifi.length).toBe(sent.length);
    expect(system).toHaveLength(1);
    const value = (name: string, iface?: string) =>
      sent.find((one) => one.labels.__name__ === name && one.labels.interface === iface)!.samples[0]!.value;
    const interfaces = [...new Set(net.map((one) => one.labels.interface!))];
    const lines = [
      ...interfaces.map(
        (iface) =>
          `net,interface=${iface},role=${bandwidthRole} bytes_recv=${value("net_bytes_recv", iface)}u,bytes_sent=${value("net_bytes_sent", iface)}u`,
      ),
      `system uptime=${value("system_uptime")}u`,
    ];
    expect(withoutTime([...net, ...system])).toEqual(withoutTime(influxToRemoteWrite(lines.join("\n"), 0)));
    // One timestamp per gather, in milliseconds.
    expect(new Set(sent.map((one) => one.samples[0]!.timestampMs)).size).toBeLessThanOrEqual(2);
    expect(String(sent[0]!.samples[0]!.timestampMs)).toHaveLength(13);
  });

  it("decodes the tests' own bodies back to what they encode", () => {
    const series = influxToRemoteWrite(stationLines(), 1_764_550_000_000);
    expect(decodeRemoteWriteBody(remoteWriteBody(series))).toEqual(series);
  });
});
