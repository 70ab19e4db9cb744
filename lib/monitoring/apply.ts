import { SecretKeyError } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { findLastSyncRun, loadMonitoringSnapshot, loadVmauthUsers, recordSyncRun, type SyncRun } from "./data";
import { applyConfigPlan, hashFiles, planConfigFiles, restoreConfigFiles } from "./files";
import { alertmanagerFile, renderAlertmanagerConfig } from "./render-alertmanager";
import { renderFileSd } from "./render-file-sd";
import { renderRules, rulesDir } from "./render-rules";
import { renderVmauth, vmauthFile } from "./render-vmauth";
import {
  fetchLoadedAlertmanagerConfig,
  type ReloadResult,
  reloadService,
  summarizeAlertmanagerConfig,
} from "./services";
import type { MonitoringSnapshot } from "./snapshot";
import { checkNewTiersAnswer } from "./tier-reachability";
import type { MonitoringTimings } from "./timings";
import { validateRendering } from "./validate";
import { reloadVmauth, verifyVmauthLoaded, vmauthProbes } from "./vmauth-service";

export { type ApplyScheduler, createApplyScheduler } from "./apply-scheduler";

export type MonitoringConfig = {
  configDir: string;
  /** Absent when no stack runs: files are still rendered, validated, written and the run recorded. */
  alertmanagerUrl?: string;
  /** The default vmalert and each tier's: all reload when a rule file changes. */
  vmalertUrl?: string | readonly string[];
  amtoolBin: string;
  vmalertBin: string;
  webhookUrl: string;
  webhookToken: string;
  timings: MonitoringTimings;
  /** The hub's own Alertmanager configuration, parsed; Vigie adds its routes to it. */
  alertmanagerBase?: Record<string, unknown>;
  /** vmauth as the portal reaches it, and its `-reloadAuthKey`; without the URL vmauth.yml is written, not reloaded. */
  vmauthUrl?: string;
  vmauthReloadKey?: string;
  /** Runs a throwaway vmauth on each candidate vmauth.yml; `vmauth` on the PATH by default. */
  vmauthBin?: string;
  /** VIGIE_SECRET_KEY, parsed: opens the tiers' and antennas' vmauth passwords. */
  secretKey?: Buffer;
};

/** Every file Vigie owns, relative to the config folder. */
export function renderMonitoringFiles(snapshot: MonitoringSnapshot, config: MonitoringConfig): Record<string, string> {
  return {
    ...renderFileSd(snapshot),
    ...renderRules(snapshot, config.timings),
    [alertmanagerFile]: renderAlertmanagerConfig(snapshot, {
      webhookUrl: config.webhookUrl,
      webhookToken: config.webhookToken,
      timings: config.timings,
      base: config.alertmanagerBase,
    }),
    // No tier, no vmauth.yml: vmauth refuses a file without users, and the one it runs stays.
    ...(snapshot.vmauth ? renderVmauth(snapshot.vmauth) : {}),
  };
}

/** Reloads what changed and checks Alertmanager runs the routes just written. */
async function loadIntoServices(
  files: Record<string, string>,
  config: MonitoringConfig,
  reload: { am: boolean; rules: boolean; vmauth: boolean },
  previousVmauth: string | null | undefined,
): Promise<ReloadResult> {
  if (reload.am && config.alertmanagerUrl) {
    const reloaded = await reloadService("alertmanager", config.alertmanagerUrl);
    if (!reloaded.ok) return reloaded;
    const loaded = summarizeAlertmanagerConfig(await fetchLoadedAlertmanagerConfig(config.alertmanagerUrl));
    const written = summarizeAlertmanagerConfig(files[alertmanagerFile]!);
    if (JSON.stringify(loaded) !== JSON.stringify(written)) {
      return { ok: false, refused: false, error: "alertmanager runs a configuration other than the one written" };
    }
  }
  const vmauth = files[vmauthFile];
  if (reload.vmauth && vmauth !== undefined && config.vmauthUrl) {
    const reloaded = await reloadVmauth(config.vmauthUrl, config.vmauthReloadKey);
    if (!reloaded.ok) return reloaded;
    const verified = await verifyVmauthLoaded(config.vmauthUrl, vmauthProbes(previousVmauth, vmauth));
    if (!verified.ok) return verified;
  }
  // vmalert answers 200 even for a broken file: the dry run before writing is the real check.
  if (!reload.rules) return { ok: true };
  // Every one is asked even when another fails: a tier whose vmalert is down must not keep the others stale.
  const results = await Promise.all([config.vmalertUrl ?? []].flat().map((url) => reloadService("vmalert", url)));
  return results.find((result) => !result.ok) ?? { ok: true };
}

async function applyNow(db: Db, config: MonitoringConfig): Promise<SyncRun> {
  const startedAt = new Date();
  let snapshot: MonitoringSnapshot;
  try {
    snapshot = {
      ...(await loadMonitoringSnapshot(db)),
      vmauth: await loadVmauthUsers(db, config.secretKey, startedAt),
    };
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    return recordSyncRun(db, {
      startedAt,
      finishedAt: new Date(),
      configHash: "",
      result: "failed",
      changedFiles: [],
      error: error.message,
    });
  }
  const files = renderMonitoringFiles(snapshot, config);
  const configHash = hashFiles(files);
  const plan = await planConfigFiles(config.configDir, files);
  const touched = [...plan.changed, ...plan.stale];
  // After a failure the services may still run an older config than the disk holds: reload even if unchanged.
  const retry = (await findLastSyncRun(db))?.result === "failed";
  const record = (result: SyncRun["result"], changedFiles: string[], error: string | null = null) =>
    recordSyncRun(db, { startedAt, finishedAt: new Date(), configHash, result, changedFiles, error });

  if (touched.length === 0 && !retry) return record("unchanged", []);

  if (snapshot.vmauth && touched.includes(vmauthFile)) {
    const unanswered = await checkNewTiersAnswer(snapshot.vmauth.tiers, plan.previous[vmauthFile] ?? null);
    if (unanswered) return record("failed", [], unanswered);
  }

  const validation = await validateRendering(files, config);
  if (!validation.ok) return record("failed", [], validation.error);

  await applyConfigPlan(config.configDir, files, plan);
  const loaded = await loadIntoServices(
    files,
    config,
    {
      am: retry || touched.includes(alertmanagerFile),
      rules: retry || touched.some((name) => name.startsWith(`${rulesDir}/`)),
      vmauth: retry || touched.includes(vmauthFile),
    },
    plan.previous[vmauthFile],
  );
  if (loaded.ok) return record("applied", touched);
  // A refused file must not stay on disk: a restart would load it. An unreachable service reads the new
  // files when it starts, so they stay.
  if (loaded.refused) await restoreConfigFiles(config.configDir, plan.previous);
  return record("failed", loaded.refused ? [] : touched, loaded.error);
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Renders from one snapshot, validates, writes, reloads, verifies and records a sync run. Calls in this process
 * run one after the other; use `createApplyScheduler` to coalesce bursts.
 */
export function applyMonitoringConfig(db: Db, config: MonitoringConfig): Promise<SyncRun> {
  const run = queue.then(async () => {
    const result = await applyNow(db, config);
    log.info(
      { result: result.result, configHash: result.configHash, changedFiles: result.changedFiles, error: result.error },
      "monitoring config sync",
    );
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}
