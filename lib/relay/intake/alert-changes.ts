import type { WebhookAlert } from "./webhook-payload";

/** What the member has been told about one occurrence of an alert (a row of `alert_states`). */
export type KnownAlertState = { status: "firing" | "resolved"; notifiedAt: Date };

/**
 * `fired`: news of a new occurrence; `reminder`: still firing, told again after the member's repeat interval;
 * `resolved`: the end of an occurrence the member was told about.
 */
export type AlertChange = { alert: WebhookAlert; change: "fired" | "reminder" | "resolved" };

/** An occurrence: the same alert starting again later is new news. */
export function occurrenceKey(alert: { fingerprint: string; startsAt: string }): string {
  return `${alert.fingerprint}@${alert.startsAt}`;
}

/**
 * The state changes a posted group brings, given what the member was told so far. Alertmanager posts the same
 * state again (retries, each clustered peer, every group_interval while anything in the group changes), and a
 * peer may post a "firing" after the other posted its "resolved": only a real change is news. A still-firing
 * alert is news again once half the member's repeat interval has passed since they were told, which tells
 * Alertmanager's repeat (a whole interval later) from a peer's copy (seconds later).
 */
export function alertChanges(
  alerts: readonly WebhookAlert[],
  known: ReadonlyMap<string, KnownAlertState>,
  options: { now: Date; repeatIntervalMs: number },
): AlertChange[] {
  const seen = new Set<string>();
  const changes: AlertChange[] = [];
  for (const alert of alerts) {
    const key = occurrenceKey(alert);
    if (seen.has(key)) continue;
    seen.add(key);
    const state = known.get(key);
    if (alert.status === "firing") {
      if (!state) changes.push({ alert, change: "fired" });
      else if (
        state.status === "firing" &&
        options.now.getTime() - state.notifiedAt.getTime() >= options.repeatIntervalMs / 2
      ) {
        changes.push({ alert, change: "reminder" });
      }
    } else if (state?.status === "firing") {
      changes.push({ alert, change: "resolved" });
    }
  }
  return changes;
}

/** Alertmanager durations as the portal writes them ("30m", "4h", "1h30m"). */
export function parseDurationMs(duration: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const parts = [...duration.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== duration) {
    throw new Error(`not a duration: ${duration}`);
  }
  return parts.reduce((total, [, amount, unit]) => total + Number(amount) * (units[unit as string] as number), 0);
}
