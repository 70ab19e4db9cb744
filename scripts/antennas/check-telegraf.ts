/**
 * Runs the REAL telegraf with an antenna's bundle against a real vmauth (the portal's rendering) and
 * VictoriaMetrics, and prints what the tier stored. Not part of CI (it needs a telegraf built with Go):
 *
 *   GOFLAGS=-mod=mod go install -tags "custom,inputs.exec,inputs.net,inputs.system,outputs.http,\
 *     serializers.prometheusremotewrite,parsers.influx" github.com/influxdata/telegraf/cmd/telegraf@v1.37.2
 *   TELEGRAF=~/go/bin/telegraf npx tsx --tsconfig tsconfig.node.json scripts/antennas/check-telegraf.ts
 *
 * The only change to the bundle's telegraf.conf is the station script's path (a temporary folder instead of
 * /usr/libexec); `iw` is the fixtures' stand-in, put first on the PATH; the password comes from the environment
 * as the init script passes it.
 */
import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderAntennaBundle } from "@/lib/antennas/bundle";
import { installed, telegrafFlags } from "@/lib/antennas/bundle-layout";
import { startAntennaStack, storedSeries } from "@/lib/testing/antennas/antenna-stack";
import { bundleSample, fixtureMacs, iwFixtures } from "@/lib/testing/antennas/bundle-fixtures";

const contract = [
  "net_bytes_recv",
  "net_bytes_sent",
  "system_uptime",
  "vigie_wifi_station_connected_seconds",
  "vigie_wifi_station_signal_dbm",
  "vigie_wifi_stations",
];

async function main(): Promise<number> {
  const telegraf = process.env.TELEGRAF;
  if (!telegraf) throw new Error("set TELEGRAF to the telegraf binary (see this file's header)");
  const tmp = await mkdtemp(path.join(tmpdir(), "vigie-telegraf-"));
  const stack = await startAntennaStack(tmp, bundleSample.antennaId, 2);
  try {
    const bundle = renderAntennaBundle({ ...bundleSample, writeUrl: stack.vmauth.url });
    const file = (name: string) => bundle.files.find((one) => one.name === name)!.content;
    const script = path.join(tmp, "vigie-stations");
    await writeFile(script, file("vigie-stations"));
    await chmod(script, 0o755);
    const config = path.join(tmp, "telegraf.conf");
    await writeFile(config, file("telegraf.conf").replace(installed.stationScript, script));
    const env = {
      ...process.env,
      PATH: `${iwFixtures}:${process.env.PATH}`,
      IW_FIXTURES: iwFixtures,
      VIGIE_ANTENNA_PASSWORD: stack.credential.password,
    };
    const run = (flag: string) => {
      const started = performance.now();
      const result = spawnSync(telegraf, [telegrafFlags, "--config", config, flag], { env, encoding: "utf8" });
      // The one expected warning: `--test` does not run outputs.
      const warnings = result.stderr
        .split("\n")
        .filter((line) => / [EW]! /.test(line) && !line.includes("Outputs are not used in testing mode"));
      console.log(`telegraf ${flag}: exit ${result.status}, ${(performance.now() - started).toFixed(0)} ms`);
      for (const line of warnings) console.log(`  ${line}`);
      if (result.status !== 0 || warnings.length > 0) throw new Error(`telegraf ${flag} failed or warned`);
      return result.stdout;
    };
    console.log(
      run("--test")
        .trim()
        .split("\n")
        .map((line) => `  ${line}`)
        .join("\n"),
    );
    run("--once");

    const series = await storedSeries(stack.vm, `{antenna="${bundleSample.antennaId}"}`);
    for (const one of series) console.log(`  stored: ${JSON.stringify(one)}`);
    const names = [...new Set(series.map((one) => one.__name__))].sort();
    const problems = [
      ...contract.filter((name) => !names.includes(name)).map((name) => `missing ${name}`),
      ...names.filter((name) => !contract.includes(name!)).map((name) => `unexpected ${name}`),
      ...series.filter((one) => one.host !== undefined).map(() => "a series carries host"),
      ...series
        .filter((one) => one.station !== undefined && !/^[0-9a-f]{12}$/.test(one.station))
        .map(() => "bad station"),
      ...fixtureMacs.filter((mac) => JSON.stringify(series).toLowerCase().includes(mac)).map(() => "a MAC was stored"),
    ];
    console.log(problems.length === 0 ? `OK: ${series.length} series, names ${names.join(", ")}` : problems.join("\n"));
    return problems.length === 0 ? 0 : 1;
  } finally {
    await stack.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
