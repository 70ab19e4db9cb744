import { sql } from "drizzle-orm";
import { SecretKeyError } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import {
  findLastSyncRun,
  loadMonitoringSnapshot,
  loadTierNames,
  loadVmauthUsers,
  recordSyncRun,
  type SyncRun,
} from "./data";
import { applyConfigPlan, hashFiles, planConfigFiles, readConfigFile, restoreConfigFiles } from "./files";
import { alertmanagerFile, renderAlertmanagerConfig } from "./render-alertmanager";
import { renderFileSd } from "./render-file-sd";
import { renderRules, rulesDir } from "./render-rules";
import { renderVmagentRelabel, vmagentRelabelFile } from "./render-vmagent-relabel";
import { renderServicePasswords, renderVmauth, serviceUsersDir, vmauthFile } from "./render-vmauth";
import {
  fetchLoadedAlertmanagerConfig,
  type ReloadResult,
  reloadService,
  summarizeAlertmanagerConfig,
} from "./services";
import type { MonitoringSnapshot } from "./snapshot";
import { holdBackSilentTiers } from "./tier-reachability";
import type { MonitoringTimings } from "./timings";
import { validateRendering } from "./validate";
import { fetchVmagentWriters, missingVmagentWriters, tiersFedByVmagent } from "./vmagent-service";
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
  /**
   * vmagent, reloaded when its relabelling changes (a kind moved to another tier) and asked which tiers it writes
   * to; without it the file is written and vmagent reads it at its next start.
   */
  vmagentUrl?: string;
  /** Dry-runs each candidate relabelling; `vmagent` on the PATH by default. */
  vmagentBin?: string;
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
    ...renderVmagentRelabel(snapshot),
    // No tier, no vmauth.yml: vmauth refuses a file without users, and the one it runs stays.
    ...(snapshot.vmauth ? { ...renderVmauth(snapshot.vmauth), ...renderServicePasswords(snapshot.vmauth) } : {}),
  };
}

type Loaded = {
  result: ReloadResult;
  /**
   * Whether vmauth runs the users of the file written: verified after its reload, or not reloaded because its file
   * did not change (or no VMAUTH_URL: vmauth reads the file when it starts, and nothing can say more).
   */
  vmauthRunsUsers: boolean;
  /** The services that reloaded the new files: after a restore they must reload the old ones. */
  reloaded: (() => Promise<unknown>)[];
};

type Failure = Extract<ReloadResult, { ok: false }>;

/**
 * Reloads what changed, credentials first: a revocation must not wait on Alertmanager or a vmalert, and a vmauth
 * that does not take its file stops the run before anything else loads. Checks Alertmanager runs the routes written.
 */
async function loadIntoServices(
  files: Record<string, string>,
  config: MonitoringConfig,
  reload: { am: boolean; rules: boolean; vmauth: boolean; vmagent: boolean },
  previousVmauth: string | null | undefined,
): Promise<Loaded> {
  const reloaded: Loaded["reloaded"] = [];
  const vmauth = files[vmauthFile];
  const vmauthUrl = config.vmauthUrl;
  if (reload.vmauth && vmauth !== undefined && vmauthUrl) {
    const result = await reloadVmauth(vmauthUrl, config.vmauthReloadKey);
    if (!result.ok) return { result, reloaded, vmauthRunsUsers: false };
    // From here vmauth may run the new file, even if the check below gives up.
    reloaded.push(() => reloadVmauth(vmauthUrl, config.vmauthReloadKey));
    const verified = await verifyVmauthLoaded(vmauthUrl, vmauthProbes(previousVmauth, vmauth));
    if (!verified.ok) return { result: verified, reloaded, vmauthRunsUsers: false };
  }
  const rest = await loadIntoOtherServices(files, config, reload, reloaded);
  return { ...rest, vmauthRunsUsers: true };
}

/** vmagent, then Alertmanager (checked against what it loaded), then every vmalert. */
async function loadIntoOtherServices(
  files: Record<string, string>,
  config: MonitoringConfig,
  reload: { am: boolean; rules: boolean; vmagent: boolean },
  reloaded: Loaded["reloaded"],
): Promise<Omit<Loaded, "vmauthRunsUsers">> {
  // vmagent answers 200 whatever its relabelling holds (it keeps the old one on an error): the dry run decides.
  const vmagentUrl = config.vmagentUrl;
  if (reload.vmagent && vmagentUrl) {
    const result = await reloadService("vmagent", vmagentUrl);
    if (!result.ok) return { result, reloaded };
    reloaded.push(() => reloadService("vmagent", vmagentUrl));
  }
  const alertmanagerUrl = config.alertmanagerUrl;
  if (reload.am && alertmanagerUrl) {
    const result = await reloadService("alertmanager", alertmanagerUrl);
    if (!result.ok) return { result, reloaded };
    reloaded.push(() => reloadService("alertmanager", alertmanagerUrl));
    const loaded = summarizeAlertmanagerConfig(await fetchLoadedAlertmanagerConfig(alertmanagerUrl));
    const written = summarizeAlertmanagerConfig(files[alertmanagerFile]!);
    if (JSON.stringify(loaded) !== JSON.stringify(written)) {
      return {
        result: { ok: false, refused: false, error: "alertmanager runs a configuration other than the one written" },
        reloaded,
      };
    }
  }
  // vmalert answers 200 even for a broken file: the dry run before writing is the real check.
  if (!reload.rules) return { result: { ok: true }, reloaded };
  // Every one is asked even when another fails: a tier whose vmalert is down must not keep the others stale.
  const urls = [config.vmalertUrl ?? []].flat();
  const results = await Promise.all(urls.map((url) => reloadService("vmalert", url)));
  urls.forEach((url, index) => {
    if (results[index]!.ok) reloaded.push(() => reloadService("vmalert", url));
  });
  const failures = results.filter((result): result is Failure => !result.ok);
  // A refusal decides the restore: it wins over another vmalert being unreachable.
  return { result: failures.find((failure) => failure.refused) ?? failures[0] ?? { ok: true }, reloaded };
}

/** Loads vmauth's users, leaving out (and reporting) rows that do not open and new tiers that do not answer. */
async function loadVmauthInput(db: Db, config: MonitoringConfig, now: Date, problems: string[]) {
  const unopened: string[] = [];
  const input = await loadVmauthUsers(db, config.secretKey, now, unopened);
  if (unopened.length > 0) {
    // Ids only: the run's error is shown to admins and logged.
    problems.push(
      `sealed secrets that do not open with VIGIE_SECRET_KEY: ${unopened.join(", ")}; ${
        input ? "left out of vmauth.yml" : "vmauth.yml not written, vmauth still runs the previous one"
      }`,
    );
  }
  if (!input) return null;
  const held = await holdBackSilentTiers(input, await readConfigFile(config.configDir, vmauthFile));
  if (held.error) problems.push(held.error);
  return held.input;
}

/**
 * A service password reaches the disk only once vmauth runs its user, and leaves it before vmauth drops the user:
 * vmagent and vmalert log vmauth's refusals, and vmauth's refusal repeats the credential it was sent.
 */
const isServicePassword = (name: string) => name.startsWith(`${serviceUsersDir}/`);

/** A run's problem when vmagent cannot deliver a tier's series; null when it can, or is not known. */
async function checkVmagentWriters(
  db: Db,
  config: MonitoringConfig,
  snapshot: MonitoringSnapshot,
): Promise<string | null> {
  // Nothing to ask when no tier holds series vmagent must deliver: a vmagent down then fails nothing.
  if (!config.vmagentUrl || tiersFedByVmagent(snapshot).length === 0) return null;
  let writers: string[];
  try {
    writers = await fetchVmagentWriters(config.vmagentUrl);
  } catch (error) {
    // The origin only: a URL's userinfo never reaches a sync run.
    return `vmagent unreachable at ${new URL(config.vmagentUrl).origin}: ${(error as Error).message}`;
  }
  return missingVmagentWriters(snapshot, writers, await loadTierNames(db));
}

async function applyNow(db: Db, config: MonitoringConfig): Promise<SyncRun> {
  const startedAt = new Date();
  // What keeps the run from being a success although the rest went into force: it fails, and is tried again.
  const problems: string[] = [];
  let snapshot: MonitoringSnapshot;
  try {
    snapshot = {
      ...(await loadMonitoringSnapshot(db)),
      vmauth: await loadVmauthInput(db, config, startedAt, problems),
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
  const fail = (changedFiles: string[], error?: string) =>
    record("failed", changedFiles, [error ?? [], ...problems].flat().join("; "));
  const done = (result: "applied" | "unchanged", changedFiles: string[]) =>
    problems.length > 0 ? fail(changedFiles) : record(result, changedFiles);

  if (touched.length === 0 && !retry) return done("unchanged", []);

  const validation = await validateRendering(files, config);
  if (!validation.ok) return fail([], validation.error);

  // Stale passwords go now, before vmauth drops their users; new ones once vmauth runs theirs (isServicePassword).
  const passwordsLater = plan.changed.filter(isServicePassword);
  await applyConfigPlan(config.configDir, files, {
    ...plan,
    changed: plan.changed.filter((name) => !isServicePassword(name)),
  });
  const loaded = await loadIntoServices(
    files,
    config,
    {
      am: retry || touched.includes(alertmanagerFile),
      rules: retry || touched.some((name) => name.startsWith(`${rulesDir}/`)),
      vmauth: retry || touched.includes(vmauthFile),
      vmagent: retry || touched.includes(vmagentRelabelFile),
    },
    plan.previous[vmauthFile],
  );
  // An unreachable service reads the new files when it starts, so they stay. The passwords wait for a vmauth that
  // runs their users: until then the run fails and is retried, and vmagent sends no credential rather than one
  // vmauth would refuse (and echo into vmagent's log).
  if (loaded.vmauthRunsUsers) {
    await applyConfigPlan(config.configDir, files, { ...plan, changed: passwordsLater, stale: [] });
  }
  const writers = await checkVmagentWriters(db, config, snapshot);
  if (writers) problems.push(writers);
  if (loaded.result.ok) return done("applied", touched);
  if (!loaded.result.refused) return fail(touched, loaded.result.error);
  // A refused file must not stay on disk: a restart would load it. The services that already took the new
  // files are reloaded onto the old ones, so what runs matches the disk. Removed passwords come back only once
  // vmauth runs their users again.
  const previous = Object.entries(plan.previous);
  await restoreConfigFiles(config.configDir, Object.fromEntries(previous.filter(([name]) => !isServicePassword(name))));
  await Promise.all(loaded.reloaded.map((reloadAgain) => reloadAgain()));
  await restoreConfigFiles(config.configDir, Object.fromEntries(previous.filter(([name]) => isServicePassword(name))));
  return fail([], loaded.result.error);
}

/** Any 64-bit number, the same in every process: the key of the lock that keeps two applies apart. */
export const applyLockKey = 0x76_69_67_69_65_6d_6f_6en; // "vigiemon"

let queue: Promise<unknown> = Promise.resolve();

/**
 * Renders from one snapshot, validates, writes, reloads, verifies and records a sync run. Calls in this process
 * run one after the other; use `createApplyScheduler` to coalesce bursts. With `crossProcess` (PostgreSQL, where
 * the web process and a standalone worker both apply to the same folder) the run holds a transaction-level
 * advisory lock: one process's restore cannot put back a credential the other's run just removed.
 */
export function applyMonitoringConfig(
  db: Db,
  config: MonitoringConfig,
  options: { crossProcess?: boolean } = {},
): Promise<SyncRun> {
  const run = queue.then(async () => {
    // Not with PGlite: one process only, and its single connection would hold every page's query for the run.
    const result = options.crossProcess
      ? await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${applyLockKey})`);
          return applyNow(tx, config);
        })
      : await applyNow(db, config);
    log.info(
      { result: result.result, configHash: result.configHash, changedFiles: result.changedFiles, error: result.error },
      "monitoring config sync",
    );
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}
