import { env } from "@/lib/env";
import { type AlertmanagerApi, createAlertmanagerApi } from "@/lib/monitoring/alertmanager-api";

/** The Alertmanager that receives member silences (ALERTMANAGER_URL); null when none is configured. */
export function alertmanagerApiFromEnv(): AlertmanagerApi | null {
  const url = env().ALERTMANAGER_URL;
  return url ? createAlertmanagerApi(url) : null;
}
