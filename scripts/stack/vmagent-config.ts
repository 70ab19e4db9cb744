import path from "node:path";
import { fileSdDir } from "@/lib/monitoring/render-file-sd";

/** Where vmagent scrapes the portal's info series, and the METRICS_TOKEN it presents. */
export type PortalMetrics = { url: string; bearerToken: string };

/**
 * The portal's antenna info series keep their own `antenna` and `tier` labels (`honor_labels`), whatever labels
 * the scrape would add.
 */
function portalMetricsJob(portal: PortalMetrics) {
  const url = new URL(portal.url);
  return {
    job_name: "vigie-antennas",
    scheme: url.protocol.replace(":", ""),
    metrics_path: url.pathname,
    honor_labels: true,
    bearer_token: portal.bearerToken,
    static_configs: [{ targets: [url.host] }],
  };
}

/**
 * vmagent's scrape configuration in the dev stack: blackbox probes of the targets the portal lists (file_sd), the
 * exporters as they are, and the portal's antenna series when given.
 */
export function vmagentConfig(
  configDir: string,
  blackboxPort: number,
  scrapeInterval: string,
  exporters: string[],
  portal?: PortalMetrics,
) {
  // VPS and VPN rules read the exporters' own series as they are; their kind's tier is added by the portal's
  // relabelling (vmagent-relabel.yml), which follows the kind when an admin moves it.
  const exporterJobs =
    exporters.length > 0 ? [{ job_name: "exporters", static_configs: [{ targets: exporters }] }] : [];
  const portalJobs = portal ? [portalMetricsJob(portal)] : [];
  return {
    global: { scrape_interval: scrapeInterval },
    scrape_configs: [
      {
        job_name: "blackbox",
        metrics_path: "/probe",
        file_sd_configs: [{ files: [path.join(configDir, fileSdDir, "*.json")] }],
        relabel_configs: [
          { source_labels: ["module"], regex: "(.+)", target_label: "__param_module" },
          { source_labels: ["__address__"], target_label: "__param_target" },
          { source_labels: ["__param_target"], target_label: "instance" },
          { target_label: "__address__", replacement: `127.0.0.1:${blackboxPort}` },
        ],
      },
      ...exporterJobs,
      ...portalJobs,
    ],
  };
}
