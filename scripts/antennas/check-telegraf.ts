/**
 * Runs the REAL telegraf with an antenna's bundle against a real vmauth (the portal's rendering) and
 * VictoriaMetrics, and prints what the tier stored. Not part of CI (it needs Go, or a telegraf built with it):
 *
 *   npx tsx --tsconfig tsconfig.node.json scripts/antennas/check-telegraf.ts [--capture]
 *
 * Without TELEGRAF set it first builds telegraf with the very command INSTALL.md gives (`telegrafBuildCommand`,
 * for this host) into a temporary GOBIN; TELEGRAF=<binary> skips the build. The only changes to the bundle's
 * files are the station script's path (a temporary folder instead of /usr/libexec), its salt of the day's (a
 * temporary file instead of /var/run) and the access points' interfaces (this host has none: its eth0 stands in
 * for one, `HOST_INTERFACE` to choose another); `iw` is the fixtures' stand-in, put first on the PATH; the password
 * comes from the environment as the init script passes it. `--capture` also records the request telegraf makes
 * (to a local listener, with the password `capture-password`) and the salt of the day the script used into
 * lib/testing/antennas/telegraf-capture/, which a CI test compares with the request the remote-write test builds.
 */
import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderAntennaBundle } from "@/lib/antennas/bundle";
import {
  accessPointInterfaces,
  bandwidthRole,
  installed,
  telegrafBuildCommand,
  telegrafFlags,
} from "@/lib/antennas/bundle-layout";
import { startAntennaStack, storedSeries } from "@/lib/testing/antennas/antenna-stack";
import { bundleSample, fixtureMacs, iwFixtures } from "@/lib/testing/antennas/bundle-fixtures";
import { captureDailySalt, captureFolder, capturePassword } from "@/lib/testing/antennas/telegraf-capture";

const contract = [
  "net_bytes_recv",
  "net_bytes_sent",
  "system_uptime",
  "vigie_wifi_station_connected_seconds",
  "vigie_wifi_station_signal_dbm",
  "vigie_wifi_stations",
];

/** Exit status and both outputs, whatever the status. */
function execFileAsync(file: string, args: string[], options: { env: NodeJS.ProcessEnv }) {
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(file, args, { ...options, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const dailySaltFile = (tmp: string) => path.join(tmp, "station-salt");

/** The documented build command, run as written through a shell, into a GOBIN of its own. */
async function buildTelegraf(tmp: string): Promise<string> {
  const gobin = path.join(tmp, "gobin");
  await mkdir(gobin);
  const started = performance.now();
  const result = await execFileAsync("sh", ["-c", telegrafBuildCommand], { env: { ...process.env, GOBIN: gobin } });
  console.log(`${telegrafBuildCommand}: exit ${result.status}, ${(performance.now() - started).toFixed(0)} ms`);
  if (result.status !== 0) throw new Error(`the documented build failed:\n${result.stderr}`);
  return path.join(gobin, "telegraf");
}

function telegrafRunner(telegraf: string, tmp: string) {
  return async (writeUrl: string, password: string, flag: "--test" | "--once") => {
    const bundle = renderAntennaBundle({ ...bundleSample, writeUrl });
    const file = (name: string) => bundle.files.find((one) => one.name === name)!.content;
    const script = path.join(tmp, "vigie-stations");
    await writeFile(script, file("vigie-stations").replace(installed.dailySalt, dailySaltFile(tmp)));
    await chmod(script, 0o755);
    const config = path.join(tmp, "telegraf.conf");
    const apList = `interfaces = ${JSON.stringify(accessPointInterfaces).replaceAll(",", ", ")}`;
    const conf = file("telegraf.conf");
    if (!conf.includes(apList)) throw new Error("the access points' interface list is not where it was");
    const hostInterface = process.env.HOST_INTERFACE || "eth0";
    await writeFile(
      config,
      conf.replace(installed.stationScript, script).replace(apList, `interfaces = ["${hostInterface}"]`),
    );
    const env = { ...process.env, PATH: `${iwFixtures}:${process.env.PATH}`, IW_FIXTURES: iwFixtures };
    const started = performance.now();
    // Asynchronous: the capture listener runs in this process's event loop.
    const result = await execFileAsync(telegraf, [telegrafFlags, "--config", config, flag], {
      env: { ...env, VIGIE_ANTENNA_PASSWORD: password },
    });
    // The one expected warning: `--test` does not run outputs.
    const warnings = result.stderr
      .split("\n")
      .filter((line) => / [EW]! /.test(line) && !line.includes("Outputs are not used in testing mode"));
    console.log(`telegraf ${flag}: exit ${result.status}, ${(performance.now() - started).toFixed(0)} ms`);
    for (const line of warnings) console.log(`  ${line}`);
    if (result.status !== 0 || warnings.length > 0) throw new Error(`telegraf ${flag} failed or warned`);
    return result.stdout;
  };
}

/** One request telegraf makes, answered 204 as vmauth does, recorded as it arrived. */
async function captureRequest(send: (url: string) => Promise<unknown>) {
  let captured: { method: string; path: string; headers: Record<string, string>; body: Buffer } | undefined;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      captured = { method: request.method!, path: request.url!, headers, body: Buffer.concat(chunks) };
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
  if (!captured) throw new Error("telegraf sent nothing");
  return captured;
}

async function main(): Promise<number> {
  const tmp = await mkdtemp(path.join(tmpdir(), "vigie-telegraf-"));
  const telegraf = process.env.TELEGRAF || (await buildTelegraf(tmp));
  const stack = await startAntennaStack(tmp, bundleSample.antennaId, 2);
  const run = telegrafRunner(telegraf, tmp);
  try {
    const gathered = await run(stack.vmauth.url, stack.credential.password, "--test");
    for (const line of gathered.trim().split("\n")) console.log(`  ${line}`);
    await run(stack.vmauth.url, stack.credential.password, "--once");

    const series = await storedSeries(stack.vm, `{antenna="${bundleSample.antennaId}"}`);
    for (const one of series) console.log(`  stored: ${JSON.stringify(one)}`);
    const names = [...new Set(series.map((one) => one.__name__))].sort();
    const text = JSON.stringify(series).toLowerCase();
    const problems = [
      ...contract.filter((name) => !names.includes(name)).map((name) => `missing ${name}`),
      ...names.filter((name) => !contract.includes(name!)).map((name) => `unexpected ${name}`),
      ...series.filter((one) => one.host !== undefined).map(() => "a series carries host"),
      ...series
        .filter((one) => one.__name__?.startsWith("net_") && one.role !== bandwidthRole)
        .map(() => `a net series without role="${bandwidthRole}"`),
      ...series.filter((one) => one.station && !/^[0-9a-f]{12}$/.test(one.station)).map(() => "bad station"),
      ...fixtureMacs.filter((mac) => text.includes(mac)).map(() => "a MAC was stored"),
    ];
    console.log(problems.length === 0 ? `OK: ${series.length} series, names ${names.join(", ")}` : problems.join("\n"));

    if (process.argv.includes("--capture")) {
      const request = await captureRequest((url) => run(url, capturePassword, "--once"));
      // The listener's port changes with each run: not part of what telegraf decides.
      const { body, headers, ...rest } = request;
      const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "host"));
      await writeFile(
        path.join(captureFolder, "request.json"),
        `${JSON.stringify({ ...rest, headers: kept }, null, 2)}\n`,
      );
      await writeFile(path.join(captureFolder, "body.bin"), body);
      await copyFile(dailySaltFile(tmp), captureDailySalt);
      console.log(`captured ${request.method} ${request.path}, ${body.length} bytes, into ${captureFolder}`);
    }
    return problems.length === 0 ? 0 : 1;
  } finally {
    await stack.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

process.exitCode = await main();
