import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type AlertmanagerApi, createAlertmanagerApi } from "@/lib/monitoring/alertmanager-api";
import { startStandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";

export type ListingAlertmanager = {
  api: AlertmanagerApi;
  /** Posts one alert as vmalert would, started ten minutes ago; a past `endsAt` resolves it. */
  postAlert(labels: Record<string, string>, endsAt: Date): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Ten minutes ago at …:…:…120 ms: Alertmanager's API writes it "….120Z", its webhook (Go's RFC 3339 with
 * nanoseconds) "….12Z", so the sweeps must compare instants.
 */
export function occurrenceStart(): { startsAtInApi: string; startsAtInWebhook: string } {
  const started = new Date(Math.floor((Date.now() - 600_000) / 1000) * 1000 + 120);
  const startsAtInApi = started.toISOString();
  return { startsAtInApi, startsAtInWebhook: startsAtInApi.replace("120Z", "12Z") };
}

/** A real Alertmanager that routes nothing anywhere: the vanished-alert sweeps only read its alert list. */
export async function startListingAlertmanager(startsAtInApi: string): Promise<ListingAlertmanager> {
  const workDir = await mkdtemp(path.join(tmpdir(), "vigie-listing-alertmanager-"));
  const alertmanager = await startStandaloneAlertmanager({
    workDir,
    config: "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n",
  }).catch(async (error: unknown) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  const api = createAlertmanagerApi(alertmanager.url);
  return {
    api,
    async postAlert(labels, endsAt) {
      const body = JSON.stringify([{ labels, startsAt: startsAtInApi, endsAt: endsAt.toISOString() }]);
      const response = await fetch(`${api.baseUrl}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      if (!response.ok) throw new Error(`Alertmanager refused the alert: ${response.status} ${await response.text()}`);
    },
    async stop() {
      await alertmanager.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
