import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { db, getDatabase } from "@/lib/db/client";
import { type Env, env, secretKeyFromEnv } from "@/lib/env";
import { urlHost } from "@/lib/http/url-host";
import { log } from "@/lib/log";
import { applyMonitoringConfig, type MonitoringConfig } from "./apply";
import { findNextCredentialExpiry } from "./data";
import { createMonitoringSync, type MonitoringSync } from "./monitoring-sync";
import { fastTimings, productionTimings } from "./timings";

/** The folder the sync writes (file_sd/, rules/, alertmanager.yml, vmauth.yml, service-users/). */
export function monitoringConfigDir(settings: Pick<Env, "MONITORING_CONFIG_DIR" | "VIGIE_DATA_DIR"> = env()): string {
  return settings.MONITORING_CONFIG_DIR ?? path.join(settings.VIGIE_DATA_DIR, "monitoring");
}

/** The monitoring configuration of this process, from the environment. */
export function monitoringConfigFromEnv(): MonitoringConfig {
  const settings = env();
  const basePath = settings.ALERTMANAGER_BASE_CONFIG;
  // Without it Alertmanager would post to the relay with an empty credential and every alert would be refused.
  if (!settings.WEBHOOK_TOKEN) throw new Error("WEBHOOK_TOKEN is not set: the monitoring configuration is not written");
  return {
    configDir: monitoringConfigDir(settings),
    alertmanagerUrl: settings.ALERTMANAGER_URL,
    vmalertUrl: settings.VMALERT_URL,
    amtoolBin: settings.AMTOOL_BIN,
    vmalertBin: settings.VMALERT_BIN,
    webhookUrl: relayWebhookUrl(settings),
    webhookToken: settings.WEBHOOK_TOKEN,
    timings: settings.MONITORING_TIMINGS === "fast" ? fastTimings : productionTimings,
    alertmanagerBase: basePath ? (parse(readFileSync(basePath, "utf8")) as Record<string, unknown>) : undefined,
    vmagentUrl: settings.VMAGENT_URL,
    vmagentBin: settings.VMAGENT_BIN,
    vmauthUrl: settings.VMAUTH_URL,
    vmauthReloadKey: settings.VMAUTH_RELOAD_KEY,
    vmauthBin: settings.VMAUTH_BIN,
    // Only needed once a tier has service users: the sync run then fails naming the variable.
    secretKey: secretKeyFromEnv(settings) ?? undefined,
  };
}

/**
 * Where Alertmanager posts member groups (its infra route posts to the sibling `infra` path): the relay's own
 * listener when the worker runs one, since it costs a fifth of the portal's route in CPU per post.
 */
export function relayWebhookUrl(settings: Pick<Env, "RELAY_WEBHOOK_URL" | "RELAY_LISTEN" | "PUBLIC_URL">): string {
  if (settings.RELAY_WEBHOOK_URL) return settings.RELAY_WEBHOOK_URL;
  const listen = settings.RELAY_LISTEN;
  if (!listen) return new URL("/api/alertmanager/webhook", settings.PUBLIC_URL).toString();
  return `http://${urlHost(listen.host)}:${listen.port}/api/alertmanager/webhook`;
}

// One scheduler per process, shared by the Next.js bundles (server actions) and the embedded worker.
const schedulerKey = Symbol.for("vigie.monitoring-scheduler");
type GlobalWithScheduler = typeof globalThis & { [schedulerKey]?: MonitoringSync };

function scheduler(): MonitoringSync {
  const holder = globalThis as GlobalWithScheduler;
  holder[schedulerKey] ??= createMonitoringSync({
    apply: async () => {
      const handle = await getDatabase();
      // With PostgreSQL a standalone worker applies too, to the same folder: the runs take turns across processes.
      const run = await applyMonitoringConfig(handle.db, monitoringConfigFromEnv(), {
        crossProcess: handle.kind === "postgres",
      });
      if (run.result === "failed") log.warn({ error: run.error }, "monitoring configuration refused");
      return run;
    },
    // A rotated antenna's previous password leaves vmauth.yml when its grace period ends.
    nextExpiry: async () => findNextCredentialExpiry(await db(), new Date()),
  });
  return holder[schedulerKey];
}

/** Asks for the monitoring configuration to follow the database; bursts of changes coalesce into one apply. */
export function requestMonitoringSync(): void {
  void scheduler().request();
}
