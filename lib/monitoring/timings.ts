/** Durations in Prometheus notation ("1m", "2s"). Production uses the defaults; tests shrink them. */
export type MonitoringTimings = {
  /** How long a probe must fail before BlackboxProbeFailed fires. */
  probeFailedFor: string;
  /** How long a certificate condition must hold before its alert fires. */
  certExpiryFor: string;
  /** How long without any series from an antenna before AntennaSilent fires (its look-back window). */
  antennaSilentAfter: string;
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  /** Used by the stack (vmagent, vmalert), not by the rendered files. */
  scrapeInterval: string;
  evaluationInterval: string;
};

export const productionTimings: MonitoringTimings = {
  probeFailedFor: "1m",
  certExpiryFor: "0s",
  antennaSilentAfter: "10m",
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
  scrapeInterval: "60s",
  evaluationInterval: "30s",
};

/** Short enough for an integration test to see firing and resolved notifications in seconds. */
export const fastTimings: MonitoringTimings = {
  probeFailedFor: "3s",
  certExpiryFor: "0s",
  antennaSilentAfter: "8s",
  groupWait: "1s",
  groupInterval: "2s",
  repeatInterval: "1h",
  scrapeInterval: "2s",
  evaluationInterval: "2s",
};
