/**
 * The series contract between an antenna and the portal, in one place: what telegraf's prometheusremotewrite
 * serializer makes of each measurement + field the antenna bundle configures (vmauth adds `antenna="<id>"`;
 * `omit_hostname` leaves no `host` label). The dashboard's queries, the alert rules and the bundle's checks name
 * series through this object, so a rename is one edit here and a failing test elsewhere, not a silent blank chart.
 */
export const antennaMetric = {
  /** Connected stations per wireless interface (`interface`): a count, no identity. */
  stations: "vigie_wifi_stations",
  /**
   * Per station (`interface`, `station` = 12 hex chars of sha256(portal salt + salt of the day + MAC), computed
   * on the antenna; the salt of the day never leaves it, so a station's hash lasts a day).
   */
  stationSignalDbm: "vigie_wifi_station_signal_dbm",
  stationConnectedSeconds: "vigie_wifi_station_connected_seconds",
  /**
   * telegraf inputs.net, per `interface`: counters of the access points only, tagged `role="clients"`
   * (lib/antennas/bundle-layout.ts `bandwidthRole`): received = the clients' uploads, sent = their downloads.
   */
  bytesReceived: "net_bytes_recv",
  bytesSent: "net_bytes_sent",
  /** telegraf inputs.system: sent at every interval, so its absence means the antenna is silent. */
  uptime: "system_uptime",
} as const;

/** Every series an antenna sends, sorted: what a captured remote-write body must hold, no more. */
export const antennaMetricNames: readonly string[] = Object.values(antennaMetric).sort();

/** What the portal publishes per antenna (`antenna`, `tier` labels), scraped by vmagent into the antenna's tier. */
export const portalAntennaMetric = {
  info: "vigie_antenna_info",
  noClientHours: "vigie_antenna_no_client_hours",
} as const;
