/** A Basic credential as vmauth reads it: it compares `username:password` in clear (no hashed passwords). */
export type VmauthCredential = { username: string; password: string };

/** A VictoriaMetrics instance antennas write into; its service users are Vigie's own, not a person's. */
export type VmauthTier = {
  id: string;
  name: string;
  /** The instance's base URL without a trailing slash, as `victoriaMetricsBaseUrl` makes it from the write URL. */
  victoriaMetricsUrl: string;
  /** vmagent's write-only user (probe results into this tier). */
  writer: VmauthCredential;
  /** Read-only user of the portal, vmalert and Grafana. */
  reader: VmauthCredential;
};

/**
 * An antenna's credential. After a rotation, `previous` keeps working until `validUntil` so the antenna can
 * pick up the new one; a revoked antenna is simply not in the list. A rotation changes the username too:
 * vmauth 1.79 refuses a file where two users share a username ("duplicate username found").
 */
export type VmauthAntenna = {
  id: string;
  tierId: string;
  username: string;
  password: string;
  previous?: { username: string; password: string; validUntil: Date };
};

export type VmauthInput = { tiers: VmauthTier[]; antennas: VmauthAntenna[]; now: Date };
