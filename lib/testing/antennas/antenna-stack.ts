import { mkdir } from "node:fs/promises";
import path from "node:path";
import { antennaUsername, generatePassword } from "@/lib/antennas/credentials";
import { renderVmauth, vmauthFile } from "@/lib/monitoring/render-vmauth";
import type { VmauthCredential } from "@/lib/monitoring/vmauth-model";
import { startVictoriaMetrics, type VictoriaMetricsServer } from "@/scripts/stack/standalone-victoria-metrics";
import { type StandaloneVmauth, startStandaloneVmauth } from "@/scripts/stack/standalone-vmauth";

export type AntennaStack = {
  vm: VictoriaMetricsServer;
  vmauth: StandaloneVmauth;
  /** The antenna's credential, as the portal issued it (shown once) and vmauth.yml holds it. */
  credential: VmauthCredential;
  stop(): Promise<void>;
};

/**
 * One tier's real VictoriaMetrics behind a real vmauth whose configuration is the portal's own rendering, with
 * one antenna: the path an antenna's telegraf writes through.
 */
export async function startAntennaStack(workDir: string, antennaId: string, generation = 1): Promise<AntennaStack> {
  await Promise.all(["vm", "auth"].map((dir) => mkdir(path.join(workDir, dir), { recursive: true })));
  const vm = await startVictoriaMetrics(path.join(workDir, "vm"));
  const credential = { username: antennaUsername(antennaId, generation), password: generatePassword() };
  const config = renderVmauth({
    now: new Date(),
    tiers: [
      {
        id: "tier_squats",
        name: "squats",
        victoriaMetricsUrl: vm.url,
        writer: { username: "vmagent-tier_squats", password: generatePassword() },
        reader: { username: "reader-tier_squats", password: generatePassword() },
      },
    ],
    antennas: [{ id: antennaId, tierId: "tier_squats", ...credential }],
  })[vmauthFile]!;
  let vmauth: StandaloneVmauth;
  try {
    vmauth = await startStandaloneVmauth({ workDir: path.join(workDir, "auth"), config });
  } catch (error) {
    await vm.stop();
    throw error;
  }
  return { vm, vmauth, credential, stop: async () => void (await Promise.all([vmauth.stop(), vm.stop()])) };
}

export type StoredSeries = Record<string, string>;

/** Every series VictoriaMetrics stored for `selector`, read directly (not through vmauth). */
export async function storedSeries(vm: VictoriaMetricsServer, selector: string): Promise<StoredSeries[]> {
  // Makes just-written rows searchable at once instead of after VictoriaMetrics' own flush.
  await (await fetch(`${vm.url}/internal/force_flush`)).body?.cancel();
  const response = await fetch(`${vm.url}/api/v1/series?match[]=${encodeURIComponent(selector)}`);
  return ((await response.json()) as { data: StoredSeries[] }).data;
}
