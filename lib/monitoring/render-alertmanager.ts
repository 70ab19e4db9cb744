import { stringify } from "yaml";
import type { WeeklyWindow } from "@/lib/db/schema";
import { infraAlertNames } from "./render-infra-rules";
import type { MonitoredMember, MonitoringSnapshot } from "./snapshot";
import type { MonitoringTimings } from "./timings";

export const alertmanagerFile = "alertmanager.yml";
export const relayReceiver = "vigie-relay";
export const infraReceiver = "vigie-infra";

export type AlertmanagerOptions = {
  webhookUrl: string;
  /** Where infra alerts go; by default the `infra` path beside `webhookUrl` (…/api/alertmanager/infra). */
  infraWebhookUrl?: string;
  webhookToken: string;
  timings: MonitoringTimings;
  /** The hub's own configuration (parsed YAML): kept as is, Vigie's member routes are added in front. */
  base?: Record<string, unknown>;
};

type Route = Record<string, unknown> & { routes?: unknown[] };
type TimeInterval = { name: string; time_intervals: Record<string, unknown>[] };

/** Quiet hours and weekly silences are Brussels wall-clock times (Alertmanager ≥ 0.25 reads `location`). */
export const timeIntervalLocation = "Europe/Brussels";
const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const memberMatcher = (memberId: string) => `member="${memberId}"`;
const quietName = (memberId: string) => `vigie-quiet-${memberId}`;
const maintenanceName = (memberId: string, targetId: string | null) =>
  targetId ? `vigie-maintenance-${memberId}-${targetId}` : `vigie-maintenance-${memberId}`;

function spec(weekdays: number[], start: string, end: string): Record<string, unknown> {
  const days = [...new Set(weekdays)].sort((a, b) => a - b).map((day) => weekdayNames[day]);
  return {
    ...(days.length > 0 ? { weekdays: days } : {}),
    times: [{ start_time: start, end_time: end }],
    location: timeIntervalLocation,
  };
}

/** One window as Alertmanager specs; a window ending at or before its start runs past midnight into the next day. */
function specsFor(window: WeeklyWindow): Record<string, unknown>[] {
  if (window.start < window.end) return [spec(window.weekdays, window.start, window.end)];
  const evening = spec(window.weekdays, window.start, "24:00");
  if (window.end === "00:00") return [evening];
  return [
    evening,
    spec(
      window.weekdays.map((day) => (day + 1) % 7),
      "00:00",
      window.end,
    ),
  ];
}

function memberTimeIntervals(member: MonitoredMember): TimeInterval[] {
  const intervals: TimeInterval[] = [];
  if (member.quietHours) intervals.push({ name: quietName(member.id), time_intervals: specsFor(member.quietHours) });
  const byScope = new Map<string, { targetId: string | null; specs: Record<string, unknown>[] }>();
  for (const { targetId, window } of member.weeklySilences) {
    const name = maintenanceName(member.id, targetId);
    const entry = byScope.get(name) ?? { targetId, specs: [] };
    entry.specs.push(...specsFor(window));
    byScope.set(name, entry);
  }
  for (const name of [...byScope.keys()].sort()) {
    // Sorted specs: the file does not change when the same windows come back in another order.
    const specs = byScope
      .get(name)!
      .specs.map((s) => JSON.stringify(s))
      .sort()
      .map((s) => JSON.parse(s) as Record<string, unknown>);
    intervals.push({ name, time_intervals: specs });
  }
  return intervals;
}

const withMutes = (route: Route, mutes: (string | null)[]): Route => {
  const names = mutes.filter((name): name is string => name !== null);
  return names.length > 0 ? { ...route, mute_time_intervals: names } : route;
};

/**
 * Mute lists are spelt out on every route rather than inherited, so each path says exactly what mutes it:
 * targets with their own maintenance windows get child routes, and when critical alerts pass through quiet
 * hours, critical alerts get a child route without the quiet hours.
 */
function memberRoute(member: MonitoredMember, timings: MonitoringTimings): Route {
  const names = new Set(memberTimeIntervals(member).map((interval) => interval.name));
  const quiet = names.has(quietName(member.id)) ? quietName(member.id) : null;
  const wide = names.has(maintenanceName(member.id, null)) ? maintenanceName(member.id, null) : null;
  const criticalPasses = quiet !== null && member.quietHours?.criticalPassesThrough === true;
  const targetIds = [...new Set(member.weeklySilences.flatMap((s) => (s.targetId ? [s.targetId] : [])))].sort();
  const routes: Route[] = [];
  for (const targetId of targetIds) {
    const own = maintenanceName(member.id, targetId);
    if (criticalPasses)
      routes.push(withMutes({ matchers: [`target="${targetId}"`, 'severity="critical"'] }, [wide, own]));
    routes.push(withMutes({ matchers: [`target="${targetId}"`] }, [quiet, wide, own]));
  }
  if (criticalPasses) routes.push(withMutes({ matchers: ['severity="critical"'] }, [wide]));
  const route: Route = {
    receiver: relayReceiver,
    matchers: [memberMatcher(member.id)],
    group_by: ["member", "alertname", "target"],
    group_wait: timings.groupWait,
    group_interval: timings.groupInterval,
    repeat_interval: member.repeatInterval,
    // Member alerts stop here: the hub's own routes never see them.
    continue: false,
  };
  return withMutes(routes.length > 0 ? { ...route, routes } : route, [quiet, wide]);
}

function relay(options: AlertmanagerOptions, name = relayReceiver, url = options.webhookUrl) {
  return {
    name,
    webhook_configs: [
      {
        url,
        send_resolved: true,
        // 0 = every alert of the group; the relay needs them all to build one message per group.
        max_alerts: 0,
        http_config: { authorization: { type: "Bearer", credentials: options.webhookToken } },
      },
    ],
  };
}

/**
 * The hub's components: their alerts (label `infra`, no member) go to the relay's infra webhook, which tells the
 * affected members once, and inhibit the alerts of the targets that depend on them (`depends_on`). Alertmanager
 * never sends the resolution of an inhibited alert (alertmanager#2754): the relay's end-of-incident message
 * stands for it. `continue` lets the hub's own routes of a base config see them too. Nothing without components.
 */
function infraParts(snapshot: MonitoringSnapshot, options: AlertmanagerOptions) {
  if (snapshot.infra.length === 0) return null;
  const route: Route = {
    receiver: infraReceiver,
    matchers: ['infra=~".+"'],
    group_by: ["infra"],
    group_wait: options.timings.groupWait,
    group_interval: options.timings.groupInterval,
    repeat_interval: options.timings.repeatInterval,
    continue: true,
  };
  const inhibitRules = snapshot.infra.map((component) => ({
    source_matchers: [`alertname="${infraAlertNames[component.kind]}"`, `infra="${component.id}"`],
    target_matchers: [`depends_on="${component.id}"`],
  }));
  const url = options.infraWebhookUrl ?? new URL("infra", options.webhookUrl).toString();
  return { route, receiver: relay(options, infraReceiver, url), inhibitRules };
}

/**
 * alertmanager.yml: without a base, a root route to a `null` receiver; with one, the base untouched except for
 * Vigie's routes placed before its own and the relay receiver appended. Validated as a whole by apply.ts.
 */
export function renderAlertmanagerConfig(snapshot: MonitoringSnapshot, options: AlertmanagerOptions): string {
  const monitored = snapshot.members.filter((member) => member.targets.length > 0);
  const infra = infraParts(snapshot, options);
  const routes = [...(infra ? [infra.route] : []), ...monitored.map((member) => memberRoute(member, options.timings))];
  const receivers = [relay(options), ...(infra ? [infra.receiver] : [])];
  const intervals = monitored.flatMap(memberTimeIntervals);
  const base = options.base ? structuredClone(options.base) : undefined;
  let config: Record<string, unknown>;
  if (base) {
    const baseRoute = (base.route ?? {}) as Route;
    const baseReceivers = Array.isArray(base.receivers) ? base.receivers : [];
    config = {
      ...base,
      route: { ...baseRoute, routes: [...routes, ...(baseRoute.routes ?? [])] },
      receivers: [...baseReceivers, ...receivers],
    };
    const baseIntervals = Array.isArray(base.time_intervals) ? base.time_intervals : [];
    if (baseIntervals.length + intervals.length > 0) config.time_intervals = [...baseIntervals, ...intervals];
    const baseInhibit = Array.isArray(base.inhibit_rules) ? base.inhibit_rules : [];
    if (infra) config.inhibit_rules = [...baseInhibit, ...infra.inhibitRules];
  } else {
    config = { route: { receiver: "null", routes }, receivers: [{ name: "null" }, ...receivers] };
    if (intervals.length > 0) config.time_intervals = intervals;
    if (infra) config.inhibit_rules = infra.inhibitRules;
  }
  return `# Generated by Vigie from its database: edits are overwritten.\n${stringify(config, { lineWidth: 0, version: "1.1" })}`;
}
