export type MissingTracker = {
  /**
   * Of the items missing now, those missing from every sweep since one at least `confirmAfterMs` ago. An item
   * not passed (found again, or gone) is forgotten, so a later absence starts a new wait.
   */
  confirm<T>(missing: readonly T[], keyOf: (item: T) => string, now: Date): T[];
};

/**
 * The confirmation the vanished-alert and vanished-incident sweeps share: one absence from Alertmanager's list
 * may be a restart or a peer catching up, an absence that lasts across two sweeps is not.
 */
export function createMissingTracker(confirmAfterMs: number): MissingTracker {
  const missingSince = new Map<string, number>();
  return {
    confirm(missing, keyOf, now) {
      const keys = new Set<string>();
      const confirmed = missing.filter((item) => {
        const key = keyOf(item);
        keys.add(key);
        const since = missingSince.get(key) ?? now.getTime();
        missingSince.set(key, since);
        return now.getTime() - since >= confirmAfterMs;
      });
      for (const key of missingSince.keys()) if (!keys.has(key)) missingSince.delete(key);
      return confirmed;
    },
  };
}

/**
 * Names one alert occurrence of an owner (member or component). Starts are compared as instants: the webhook
 * writes times with nanoseconds trimmed of zeros ("…48.97Z"), the API with milliseconds ("…48.970Z").
 */
export function listedOccurrenceKey(owner: string, alert: { fingerprint: string; startsAt: string }): string {
  return `${owner}/${alert.fingerprint}@${Date.parse(alert.startsAt)}`;
}
