/**
 * Where each file of an antenna's bundle goes on the OpenWrt antenna. One place, because the telegraf
 * configuration, the init script and the install note all name these paths and must agree.
 */
export const installed = {
  config: "/etc/vigie/telegraf.conf",
  /** Written by hand from the portal's one-time display; never part of the bundle. */
  passwordFile: "/etc/vigie/password",
  stationScript: "/usr/libexec/vigie-stations",
  /**
   * The antenna's own salt of the day, made by the station script: in RAM (OpenWrt's /var/run is on /tmp), never
   * sent, never in the bundle, replaced when the day (UTC) changes and lost at reboot.
   */
  dailySalt: "/var/run/vigie-station-salt",
  initScript: "/etc/init.d/vigie-telegraf",
  telegraf: "/usr/bin/telegraf",
} as const;

/** Names inside the archive's top folder. */
export const bundleNames = {
  config: "telegraf.conf",
  stationScript: "vigie-stations",
  initScript: "vigie-telegraf",
  installNote: "INSTALL.md",
} as const;

/** The environment variable telegraf reads the password from (`${…}` substitution in its configuration). */
export const passwordEnv = "VIGIE_ANTENNA_PASSWORD";

/**
 * Environment variables are substituted inside TOML strings only (the password is one): the default from
 * telegraf 1.38, chosen explicitly so 1.37 uses it too and does not warn.
 */
export const telegrafFlags = "--strict-env-handling";

/** Production collection interval: one sample a minute per series keeps three years of a squat's data small. */
export const collectionInterval = "60s";

/**
 * How to build telegraf with only the plugins the bundle uses, when OpenWrt has no package for a router: the
 * command INSTALL.md gives and scripts/antennas/check-telegraf.ts runs (GOOS/GOARCH aside). `GOFLAGS=-mod=mod`:
 * without it `go install …@v1.37.2` stops on telegraf's go.mod.
 */
export const telegrafVersion = "v1.37.2";
export const telegrafBuildTags =
  "custom,inputs.exec,inputs.net,inputs.system,outputs.http,serializers.prometheusremotewrite,parsers.influx";
export const telegrafBuildCommand = `GOFLAGS=-mod=mod go install -tags "${telegrafBuildTags}" github.com/influxdata/telegraf/cmd/telegraf@${telegrafVersion}`;

/**
 * The `role` tag of the bandwidth series: `clients` on the access-point interfaces, so `net_bytes_recv` is what
 * the clients sent (their uploads) and `net_bytes_sent` what they received (their downloads). Only that side is
 * collected: the uplink carries the same traffic again plus the antenna's own, and its name varies (wan, eth1,
 * a DSA port, a VLAN on eth0).
 */
export const bandwidthRole = "clients";

/**
 * The access-point interfaces as OpenWrt names them: `phy0-ap0` from 23.05 on, `wlan0`, `wlan1`, `wlan0-1`
 * before. A wireless uplink is `phy0-sta0` from 23.05 on (left out); before, it is a `wlan*` too, and INSTALL.md
 * says to drop it from the list.
 */
export const accessPointInterfaces = ["phy*-ap*", "wlan*"] as const;

export const bundleFolder = (antennaId: string) => `vigie-antenna-${antennaId}`;
