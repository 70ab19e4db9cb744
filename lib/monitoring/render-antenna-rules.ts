import { stringify } from "yaml";
import type { Rule } from "./render-guest-rules";
import { rulesDir } from "./render-rules";
import type { MonitoringTimings } from "./timings";

/**
 * The longest "no client" delay the rule can see: the look-back of its expression. A larger setting is clamped
 * to it rather than silently never firing; the admin form should refuse more (lib/antennas/schema.ts).
 */
export const antennaNoClientMaxHours = 168;

/**
 * Where a tier's antenna rules go: its own folder, which that tier's vmalert evaluates against the tier's
 * VictoriaMetrics, where its antennas write and where vmagent sends their info series (`tier` label).
 */
export function antennaRulesFile(tierId: string): string {
  return `${rulesDir}/${tierId}/vigie-antennas.yml`;
}

const tierIdPattern = /^[A-Za-z0-9_-]+$/;

/** Antennas of the tier, one series each whatever the scrape added (job, instance): the alert's labels. */
const antennaSeries = (metric: string, tierId: string) => `max by (antenna, tier) (${metric}{tier="${tierId}"})`;

/**
 * No series from the antenna for the whole window: every antenna the portal lists (`vigie_antenna_info`) that
 * sent no `system_uptime` sample (telegraf's inputs.system, sent at every interval) in it.
 */
function silentRule(tierId: string, timings: MonitoringTimings): Rule {
  return {
    alert: "AntennaSilent",
    expr: `${antennaSeries("vigie_antenna_info", tierId)} unless on (antenna) max by (antenna) (present_over_time(system_uptime[${timings.antennaSilentAfter}]))`,
    for: "0s",
    labels: { severity: "warning" },
    annotations: { summary: `Antenna sent no data for ${timings.antennaSilentAfter}` },
  };
}

/**
 * Hours without a connected station, compared with each antenna's own setting (`vigie_antenna_no_client_hours`),
 * so the one rule serves every antenna. "Since" is the last time any interface counted a station, or, for an
 * antenna that had none in the whole look-back, the first count it sent in it: a new antenna is not blamed for
 * hours it was not reporting, and one that never had a client fires once it has reported for N hours.
 * Only antennas that reported within `antennaSilentAfter` (`system_uptime`, sent at every interval, unlike a
 * station count of 0 that remote write may leave off the wire): a silent antenna's last client stays in the
 * look-back for a week, and it is AntennaSilent's alone. The value is the hours without a client (the info
 * series adds `tier` at +0), so the summary says how long, not the setting.
 */
function noClientsRule(tierId: string, timings: MonitoringTimings): Rule {
  const window = `${antennaNoClientMaxHours + 1}h`;
  const lastClient = `max by (antenna) (tlast_over_time((vigie_wifi_stations > 0)[${window}:5m]))`;
  const firstReport = `min by (antenna) (tfirst_over_time(vigie_wifi_stations[${window}]))`;
  const quietHours = `((time() - (${lastClient} or ${firstReport})) / 3600)`;
  const withTier = `${quietHours} + on (antenna) group_left (tier) (0 * ${antennaSeries("vigie_antenna_info", tierId)})`;
  const threshold = `clamp_max(${antennaSeries("vigie_antenna_no_client_hours", tierId)}, ${antennaNoClientMaxHours})`;
  const reporting = `max by (antenna) (present_over_time(system_uptime[${timings.antennaSilentAfter}]))`;
  // `group_left ()`: a one-to-one comparison `on (antenna)` would keep only `antenna`; this keeps `tier` too.
  return {
    alert: "AntennaNoClients",
    expr: `(${withTier}) >= on (antenna) group_left () ${threshold} and on (antenna) ${reporting}`,
    for: "0s",
    labels: { severity: "warning" },
    annotations: { summary: 'No client connected to the antenna for {{ printf "%.1f" $value }} hours' },
  };
}

/**
 * One rule per alert kind and per tier holding antennas, joined with the info series the portal publishes: adding
 * an antenna changes data, not rules. Labelled with `antenna` and `tier` from the series and no `member` nor
 * `infra`, so Alertmanager sends them down the hub's own route (the base configuration's receiver), never to a
 * member. No file for a tier without antennas.
 */
export function renderAntennaRules(tierIds: readonly string[], timings: MonitoringTimings): Record<string, string> {
  const files: Record<string, string> = {};
  for (const tierId of [...new Set(tierIds)].sort()) {
    if (!tierIdPattern.test(tierId)) throw new Error("tier id must be an opaque id");
    const groups = [
      { name: `vigie-antennas-${tierId}`, rules: [silentRule(tierId, timings), noClientsRule(tierId, timings)] },
    ];
    files[antennaRulesFile(tierId)] = stringify({ groups }, { lineWidth: 0 });
  }
  return files;
}
