import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { locales } from "@/lib/i18n/config";
import { bundleSample, expectBundleGolden } from "@/lib/testing/antennas/bundle-fixtures";
import { frenchTypographyProblems, informalDutchWords } from "@/lib/testing/catalogue-language";
import { remoteWriteHeaders } from "@/lib/testing/monitoring/remote-write";
import { bundleArchiveName, packAntennaBundle, renderAntennaBundle } from "./bundle";
import { installed, telegrafBuildCommand, telegrafFlags } from "./bundle-layout";

const bundle = renderAntennaBundle(bundleSample);
const file = (name: string) => bundle.files.find((one) => one.name === name)!.content;

type Table = Record<string, unknown>;
const telegraf = parse(file("telegraf.conf")) as Table & {
  agent: Table;
  inputs: { exec: Table[]; net: Table[]; system: Table[] };
  outputs: { http: (Table & { headers: Table })[] };
};

describe("renderAntennaBundle", () => {
  it("renders the golden files", () => {
    expect(bundle.folder).toBe("vigie-antenna-a_0123456789abcdef0123");
    expect(bundle.files.map((one) => [one.name, one.mode.toString(8)])).toEqual([
      ["INSTALL.md", "644"],
      ["telegraf.conf", "644"],
      ["vigie-telegraf", "755"],
      ["vigie-stations", "755"],
    ]);
    for (const one of bundle.files) {
      if (one.name !== "INSTALL.md") expectBundleGolden(`bundle/${one.name}`, one.content);
    }
    // The sample's locale is en: INSTALL.en.md is its INSTALL.md.
    for (const locale of locales) expectBundleGolden(`bundle/INSTALL.${locale}.md`, installNote(locale));
  });

  it("gives telegraf the agent, inputs and output of the series contract (parsed as TOML)", () => {
    expect(telegraf.agent).toMatchObject({ interval: "60s", omit_hostname: true, hostname: "" });
    expect(file("vigie-telegraf")).toContain(`${installed.telegraf} ${telegrafFlags} --config "$CONFIG"`);
    expect(telegraf.inputs.exec).toEqual([
      { commands: [installed.stationScript], timeout: "15s", data_format: "influx" },
    ]);
    expect(telegraf.inputs.net).toHaveLength(1);
    expect(telegraf.inputs.net[0]!.fieldinclude).toEqual(["bytes_recv", "bytes_sent"]);
    // The access points only, tagged with their role: the clients' traffic, never the uplink counted again.
    expect(telegraf.inputs.net[0]!.interfaces).toEqual(["phy*-ap*", "wlan*"]);
    expect(telegraf.inputs.net[0]!.tags).toEqual({ role: "clients" });
    expect(JSON.stringify(telegraf.inputs.net[0]!.interfaces)).not.toMatch(/wan|eth|sta/);
    // Deprecated in telegraf 1.37 ("option is ignored") and due to be removed in 1.45, where it would stop the
    // configuration from loading; `fieldinclude` already drops the protocol counters older versions emit.
    expect(telegraf.inputs.net[0]).not.toHaveProperty("ignore_protocol_stats");
    expect(telegraf.inputs.system).toEqual([{ fieldinclude: ["uptime"] }]);

    expect(telegraf.outputs.http).toHaveLength(1);
    const http = telegraf.outputs.http[0]!;
    expect(http).toMatchObject({
      url: "https://antennas.vigie.example/api/v1/write",
      method: "POST",
      data_format: "prometheusremotewrite",
      username: bundleSample.username,
      password: "${VIGIE_ANTENNA_PASSWORD}",
    });
    // The same headers the remote-write tests send through the real vmauth.
    expect(http.headers).toEqual(remoteWriteHeaders);
    // No other `$`: telegraf substitutes the environment over the whole file.
    expect(file("telegraf.conf").match(/\$/g)).toHaveLength(1);
  });

  it("keeps the password, the salt's owner and anything identifying out of the configuration", () => {
    const all = bundle.files.map((one) => one.content).join("\n");
    expect(all).not.toMatch(/([0-9a-f]{2}:){5}[0-9a-f]{2}/i);
    expect(all).not.toMatch(/password\s*=\s*"[^$]/);
    // The salt is only in the station script, which is the one place that hashes.
    const withSalt = bundle.files.filter((one) => one.content.includes(bundleSample.salt)).map((one) => one.name);
    expect(withSalt).toEqual(["vigie-stations"]);
  });

  it("refuses input that would break the files or leak into them", () => {
    const bad = [
      { salt: "short" },
      { salt: "abcdefghijklmnop'; rm -rf /; '" },
      { writeUrl: "ftp://antennas.example" },
      { writeUrl: "https://user:pw@antennas.example" },
      { writeUrl: "https://antennas.example/?extra_label=antenna=other" },
      { writeUrl: "https://antennas.example/$HOME" },
      { antennaId: "../etc" },
      { username: 'antenna"' },
    ];
    for (const change of bad) expect(() => renderAntennaBundle({ ...bundleSample, ...change })).toThrow();
  });
});

function installNote(locale: (typeof locales)[number]) {
  return renderAntennaBundle({ ...bundleSample, locale }).files.find((one) => one.name === "INSTALL.md")!.content;
}

describe("the shell scripts", () => {
  it("parse under busybox's shell, OpenWrt's /bin/sh", () => {
    for (const name of ["vigie-stations", "vigie-telegraf"]) {
      expect(() => execFileSync("/bin/busybox", ["sh", "-n", "-c", file(name)], { stdio: "pipe" })).not.toThrow();
    }
    expect(() => execFileSync("/bin/busybox", ["sh", "-n", "-c", "if then fi"], { stdio: "pipe" })).toThrow();
  });
});

describe("the install note", () => {
  it("is written in each locale and names the archive, every installed path and the checks", () => {
    const notes = locales.map(installNote);
    expect(new Set(notes).size).toBe(3);
    for (const note of notes) {
      for (const where of Object.values(installed)) expect(note).toContain(where);
      expect(note).toContain(bundleArchiveName(bundleSample.antennaId));
      expect(note).toContain(`telegraf ${telegrafFlags} --config ${installed.config} --test`);
      expect(note).toContain(`telegraf ${telegrafFlags} --config ${installed.config} --once`);
      expect(note).not.toContain(bundleSample.salt);
      // The build command check-telegraf.ts runs, GOFLAGS included, on one line to copy whole.
      expect(note).toContain(`GOOS=linux GOARCH=<router> ${telegrafBuildCommand}\n`);
      expect(telegrafBuildCommand).toMatch(/^GOFLAGS=-mod=mod go install -tags "[a-z.,]+" \S+@v1\.37\.2$/);
    }
    expect(notes[0]).toContain("Après une rotation");
    expect(notes[1]).toContain("Na een rotatie");
    expect(notes[2]).toContain("After a rotation");
  });

  it("follows French typography in French and the formal register in Dutch, as the catalogues do", () => {
    // Prose only: code blocks and inline code are commands, whose `;` and `:` are not punctuation.
    const prose = (note: string) => note.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "x");
    expect(prose(installNote("fr")).split("\n").flatMap(frenchTypographyProblems)).toEqual([]);
    expect(informalDutchWords(prose(installNote("nl")))).toEqual([]);
  });
});

describe("packAntennaBundle", () => {
  it("makes the same bytes for the same input, and a tar.gz that tar unpacks under one folder with the modes", () => {
    const archive = packAntennaBundle(bundle);
    expect(packAntennaBundle(renderAntennaBundle(bundleSample)).equals(archive)).toBe(true);
    expect(gunzipSync(archive).length % 10_240).toBe(0);

    const dir = mkdtempSync(path.join(tmpdir(), "vigie-bundle-"));
    try {
      const tarball = path.join(dir, bundleArchiveName(bundleSample.antennaId));
      writeFileSync(tarball, archive);
      const listing = execFileSync("tar", ["-tvzf", tarball], { encoding: "utf8" }).trim().split("\n");
      expect(listing.map((line) => line.split(/\s+/).slice(0, 2).join(" "))).toEqual([
        "drwxr-xr-x root/root",
        "-rw-r--r-- root/root",
        "-rw-r--r-- root/root",
        "-rwxr-xr-x root/root",
        "-rwxr-xr-x root/root",
      ]);
      execFileSync("tar", ["-xzf", tarball, "-C", dir]);
      for (const one of bundle.files) {
        const extracted = path.join(dir, bundle.folder, one.name);
        expect(readFileSync(extracted, "utf8")).toBe(one.content);
        expect(statSync(extracted).mode & 0o777).toBe(one.mode);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
