/**
 * The monitoring sync with vmauth: 4 tiers (one VictoriaMetrics each) and 200 antennas (10 of them rotated, in
 * their grace period), a real vmauth with a reload key. Times applyMonitoringConfig when one antenna changes
 * (snapshot + unseal, render, validate: amtool, vmalert -dryRun and a throwaway vmauth, write, reload, verify),
 * beside the floor measured in the same run: renderVmauth alone, the write of the same bytes, a reload of an
 * unchanged file. Usage: npm run bench:antennas -- [--antennas 200] [--tiers 4] [--runs 10]
 */
import "./quiet-log";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { revokeAntenna, rotateAntennaCredential } from "@/lib/antennas/mutations";
import { openDatabase } from "@/lib/db/client";
import { applyMonitoringConfig, type MonitoringConfig, renderMonitoringFiles } from "@/lib/monitoring/apply";
import { loadMonitoringSnapshot, loadVmauthUsers } from "@/lib/monitoring/data";
import { writeFileAtomic } from "@/lib/monitoring/files";
import { renderVmauth, vmauthFile, vmauthFileMode } from "@/lib/monitoring/render-vmauth";
import { validateRendering } from "@/lib/monitoring/validate";
import { checkVmauthConfig, reloadVmauth, verifyVmauthLoaded, vmauthProbes } from "@/lib/monitoring/vmauth-service";
import { addAntenna, createTier, succeeded, testAdmin } from "@/lib/testing/antennas/rows";
import { sampleAlertmanagerOptions } from "@/lib/testing/monitoring/fixtures";
import { startVictoriaMetrics } from "@/scripts/stack/standalone-victoria-metrics";
import { startStandaloneVmauth } from "@/scripts/stack/standalone-vmauth";

const { values: args } = parseArgs({
  options: {
    antennas: { type: "string", default: "200" },
    tiers: { type: "string", default: "4" },
    runs: { type: "string", default: "10" },
  },
});
const antennaCount = Number(args.antennas);
const tierCount = Number(args.tiers);
const runs = Number(args.runs);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const describe = (values: number[]) =>
  `median ${median(values).toFixed(1)} ms, min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}`;
async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
async function repeat(fn: () => Promise<unknown> | unknown, count = runs): Promise<number[]> {
  const timings: number[] = [];
  for (let run = 0; run < count; run += 1) timings.push(await time(fn));
  return timings;
}

const workDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-antennas-"));
const key = randomBytes(32);
const reloadAuthKey = randomBytes(24).toString("base64url");
const vms = await Promise.all(
  Array.from({ length: tierCount }, (_, i) => {
    mkdirSync(path.join(workDir, `vm${i}`));
    return startVictoriaMetrics(path.join(workDir, `vm${i}`));
  }),
);
const handle = await openDatabase({ dataDir: "memory://" });
let vmauth: Awaited<ReturnType<typeof startStandaloneVmauth>> | undefined;
try {
  const tierIds: string[] = [];
  for (const vm of vms) tierIds.push((await createTier(handle.db, { writeUrl: vm.url, key })).id);
  const antennaIds: string[] = [];
  for (let i = 0; i < antennaCount; i += 1)
    antennaIds.push((await addAntenna(handle.db, key, { tierId: tierIds[i % tierCount]! })).id);
  for (const id of antennaIds.slice(0, Math.ceil(antennaCount / 20)))
    succeeded(await rotateAntennaCredential(handle.db, testAdmin, id, 3_600_000, key));

  let config: MonitoringConfig = {
    configDir: path.join(workDir, "config"),
    amtoolBin: process.env.AMTOOL_BIN ?? "amtool",
    vmalertBin: process.env.VMALERT_BIN ?? "vmalert",
    webhookUrl: sampleAlertmanagerOptions.webhookUrl,
    webhookToken: sampleAlertmanagerOptions.webhookToken,
    timings: sampleAlertmanagerOptions.timings,
    secretKey: key,
  };
  const first = await applyMonitoringConfig(handle.db, config);
  if (first.result !== "applied") throw new Error(`first apply: ${first.result} ${first.error}`);
  const file = path.join(config.configDir, vmauthFile);
  const written = readFileSync(file, "utf8");
  vmauth = await startStandaloneVmauth({ workDir: config.configDir, config: written, reloadAuthKey });
  config = { ...config, vmauthUrl: vmauth.url, vmauthReloadKey: reloadAuthKey };
  const userCount = (written.match(/^ {2}- username:/gm) ?? []).length;
  console.log(
    `${tierCount} tiers, ${antennaCount} antennas (${Math.ceil(antennaCount / 20)} rotated): vmauth.yml ${userCount} users, ${(written.length / 1024).toFixed(1)} KiB`,
  );

  // One antenna more per run (as a creation does), then the same one revoked: each apply changes one user.
  const applies: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const added = await addAntenna(handle.db, key, { tierId: tierIds[run % tierCount]! });
    const addedRun = await time(async () => {
      const result = await applyMonitoringConfig(handle.db, config);
      if (result.result !== "applied") throw new Error(`apply: ${result.result} ${result.error}`);
    });
    succeeded(await revokeAntenna(handle.db, testAdmin, added.id));
    const revokedRun = await time(async () => {
      const result = await applyMonitoringConfig(handle.db, config);
      if (result.result !== "applied") throw new Error(`apply: ${result.result} ${result.error}`);
    });
    applies.push(addedRun, revokedRun);
  }
  const unchanged = await repeat(async () => {
    const result = await applyMonitoringConfig(handle.db, config);
    if (result.result !== "unchanged") throw new Error(`apply: ${result.result}`);
  });

  // The phases of one apply, each on its own.
  const now = new Date();
  const load = await repeat(async () => ({
    ...(await loadMonitoringSnapshot(handle.db)),
    vmauth: await loadVmauthUsers(handle.db, key, now),
  }));
  const input = (await loadVmauthUsers(handle.db, key, now))!;
  const current = readFileSync(file, "utf8");
  const rendering = renderMonitoringFiles({ ...(await loadMonitoringSnapshot(handle.db)), vmauth: input }, config);
  const validateAll = await repeat(async () => {
    const result = await validateRendering(rendering, config);
    if (!result.ok) throw new Error(result.error);
  });
  const throwaway = await repeat(async () => {
    const result = await checkVmauthConfig("vmauth", file, current);
    if (!result.ok) throw new Error(result.error);
  });
  const allProbes = vmauthProbes(undefined, current);
  const verifyAll = await repeat(async () => {
    const result = await verifyVmauthLoaded(vmauth!.url, allProbes);
    if (!result.ok) throw new Error(result.error);
  });

  // The floor: what no implementation of this sync can avoid.
  const render = await repeat(() => renderVmauth(input), runs * 10);
  const write = await repeat(() => writeFileAtomic(path.join(workDir, "floor-vmauth.yml"), current, vmauthFileMode));
  const reload = await repeat(async () => {
    const result = await reloadVmauth(vmauth!.url, reloadAuthKey);
    if (!result.ok) throw new Error(result.error);
  });

  console.log(`apply, one antenna added or revoked (${applies.length} runs): ${describe(applies)}`);
  console.log(`apply, nothing changed (${runs} runs): ${describe(unchanged)}`);
  console.log("  phases:");
  console.log(`    snapshot + unseal ${input.antennas.length + 2 * tierCount} credentials: ${describe(load)}`);
  console.log(
    `    validateRendering (amtool check-config, vmalert -dryRun, vmagent -dryRun, throwaway vmauth): ${describe(validateAll)}`,
  );
  console.log(`    throwaway vmauth alone: ${describe(throwaway)}`);
  console.log(
    `    verify every user (${allProbes.length} requests, 8 at a time; a retry does this): ${describe(verifyAll)}`,
  );
  console.log("  floor:");
  console.log(`    renderVmauth alone (${runs * 10} runs): ${describe(render)}`);
  console.log(
    `    atomic write of the same ${(current.length / 1024).toFixed(1)} KiB (0600, fsync): ${describe(write)}`,
  );
  console.log(`    vmauth reload of an unchanged file (GET /-/reload): ${describe(reload)}`);
} finally {
  await vmauth?.stop();
  await Promise.all(vms.map((vm) => vm.stop()));
  await handle.close();
  rmSync(workDir, { recursive: true, force: true });
}
