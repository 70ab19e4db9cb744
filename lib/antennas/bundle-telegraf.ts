import { writePaths } from "@/lib/monitoring/render-vmauth";
import { accessPointInterfaces, bandwidthRole, collectionInterval, installed, passwordEnv } from "./bundle-layout";

/**
 * The headers telegraf's `outputs.http` must be told to send with `data_format = "prometheusremotewrite"`: the
 * serializer snappy-compresses the protobuf itself, and the output does not set them.
 */
export const remoteWriteHeaderValues = {
  "Content-Type": "application/x-protobuf",
  "Content-Encoding": "snappy",
  "X-Prometheus-Remote-Write-Version": "0.1.0",
} as const;

/**
 * A TOML basic string. telegraf replaces `$NAME` and `${NAME}` in the whole file before parsing it, so a `$` in
 * a value would be rewritten; the values here are ids and a URL, and one is refused rather than mangled.
 */
function tomlString(value: string): string {
  if (value.includes("$")) throw new Error("a telegraf configuration value must not contain `$`");
  return JSON.stringify(value);
}

const tomlList = (values: readonly string[]) => `[${values.map(tomlString).join(", ")}]`;

/**
 * The antenna's write URL: vmauth's address as antennas reach it, plus the remote-write path. No query, fragment
 * or credential: the credential is telegraf's basic auth, and vmauth decides the labels, not the URL.
 */
export function antennaWriteUrl(writeUrl: string): string {
  const url = new URL(writeUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("ANTENNA_WRITE_URL must be http(s)");
  if (url.search || url.hash || url.username || url.password) {
    throw new Error("ANTENNA_WRITE_URL must not carry a query, fragment or credential");
  }
  return `${url.href.replace(/\/+$/, "")}${writePaths[0]}`;
}

/**
 * telegraf's configuration for one antenna. Series (with `omit_hostname`, the antenna's own name never leaves it;
 * vmauth adds `antenna="<id>"`): `vigie_wifi_stations`, `vigie_wifi_station_signal_dbm`,
 * `vigie_wifi_station_connected_seconds` from the station script, `net_bytes_recv` / `net_bytes_sent` of the
 * access points only (tagged `role="clients"`: the clients' traffic, counted once), `system_uptime`.
 * `fieldinclude` keeps each plugin to the fields of that contract.
 */
export function renderTelegrafConf(input: { username: string; writeUrl: string }): string {
  const headers = Object.entries(remoteWriteHeaderValues)
    .map(([name, value]) => `    ${name} = ${tomlString(value)}`)
    .join("\n");
  return `# Vigie antenna: telegraf configuration. Install as ${installed.config} (see INSTALL.md).
# The password is not in this file: ${installed.initScript} reads it from ${installed.passwordFile}
# into the environment, and telegraf substitutes it below.

[agent]
  interval = ${tomlString(collectionInterval)}
  round_interval = true
  flush_interval = ${tomlString(collectionInterval)}
  # While the uplink is down: about 10 hours of a typical antenna (two access points, ten stations: some 16
  # metrics a minute) without taking much of a small router's memory.
  metric_buffer_limit = 10000
  # No host name in any series: it could name the place or its people.
  omit_hostname = true
  hostname = ""
  # There are no processors or aggregators; explicit so telegraf 1.37 does not warn about its future default.
  skip_processors_after_aggregators = true

# Wireless clients per access point, and per station a salted 12-character hash of its MAC address computed on
# this antenna: no MAC address, host name or SSID is printed.
[[inputs.exec]]
  commands = [${tomlString(installed.stationScript)}]
  timeout = "15s"
  data_format = "influx"

# The clients' traffic, on the access points only (role = "${bandwidthRole}"): bytes_recv is what the clients
# sent (their uploads), bytes_sent what they received (their downloads). The uplink is left out: it carries the
# same traffic again. Before OpenWrt 23.05 a wireless uplink is a wlan* too: remove it from the list then.
[[inputs.net]]
  interfaces = ${tomlList(accessPointInterfaces)}
  fieldinclude = ${tomlList(["bytes_recv", "bytes_sent"])}
  [inputs.net.tags]
    role = ${tomlString(bandwidthRole)}

[[inputs.system]]
  fieldinclude = ${tomlList(["uptime"])}

# Prometheus remote write through the hub's vmauth: this credential may only write this antenna's series.
[[outputs.http]]
  url = ${tomlString(antennaWriteUrl(input.writeUrl))}
  method = "POST"
  timeout = "20s"
  data_format = "prometheusremotewrite"
  username = ${tomlString(input.username)}
  password = "\${${passwordEnv}}"
  [outputs.http.headers]
${headers}
`;
}
