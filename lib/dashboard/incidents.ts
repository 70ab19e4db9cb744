import type { NotificationAlert } from "@/lib/db/schema";

/** One outage (an occurrence of one alert on one target): its firing, reminders and resolution are one incident. */
export type Incident = {
  alertname: string;
  summary: string | null;
  statusCode: number | null;
  start: Date;
  /** When the resolution reached the relay; null while it is ongoing. */
  end: Date | null;
  /** Some news of it (start or end) was given up on every channel: the member must not believe they were told. */
  undelivered: boolean;
};

type Row = { alerts: NotificationAlert[]; createdAt: Date; state: "pending" | "sent" | "dead" };

type Draft = Incident & { targetId: string; news: Map<string, boolean> };

/**
 * The incidents of each of the member's targets, newest first, at most `perTarget` each. A group is stored once per
 * channel and again for each reminder: all copies of one occurrence (target, rule, start) make one incident, and a
 * piece of news counts as delivered as soon as one copy of it was not given up.
 */
export function buildIncidents(
  rows: readonly Row[],
  ownTargetIds: ReadonlySet<string>,
  perTarget: number,
): Map<string, Incident[]> {
  const drafts = new Map<string, Draft>();
  for (const row of rows) {
    for (const alert of row.alerts) {
      if (!alert.targetId || !ownTargetIds.has(alert.targetId)) continue;
      const key = [alert.targetId, alert.alertname, alert.startsAt].join("|");
      const draft = drafts.get(key) ?? newDraft(alert);
      drafts.set(key, draft);
      if (alert.status === "resolved" && (draft.end === null || row.createdAt < draft.end)) draft.end = row.createdAt;
      if (alert.summary && !draft.summary) draft.summary = alert.summary;
      if (alert.statusCode !== undefined && draft.statusCode === null) draft.statusCode = alert.statusCode;
      const delivered = draft.news.get(alert.status) ?? false;
      draft.news.set(alert.status, delivered || row.state !== "dead");
    }
  }
  const byTarget = new Map<string, Incident[]>();
  const newestFirst = [...drafts.values()].sort((a, b) => b.start.getTime() - a.start.getTime());
  for (const { targetId, news, ...incident } of newestFirst) {
    const list = byTarget.get(targetId) ?? [];
    if (list.length >= perTarget) continue;
    list.push({ ...incident, undelivered: [...news.values()].some((delivered) => !delivered) });
    byTarget.set(targetId, list);
  }
  return byTarget;
}

function newDraft(alert: NotificationAlert): Draft {
  return {
    targetId: alert.targetId as string,
    alertname: alert.alertname,
    summary: alert.summary,
    statusCode: alert.statusCode ?? null,
    start: new Date(alert.startsAt),
    end: null,
    undelivered: false,
    news: new Map(),
  };
}
