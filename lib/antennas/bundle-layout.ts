/**
 * Where each file of an antenna's bundle goes on the OpenWrt antenna. One place, because the telegraf
 * configuration, the init script and the install note all name these paths and must agree.
 */
export const installed = {
  config: "/etc/vigie/telegraf.conf",
  /** Written by hand from the portal's one-time display; never part of the bundle. */
  passwordFile: "/etc/vigie/password",
  stationScript: "/usr/libexec/vigie-stations",
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

export const bundleFolder = (antennaId: string) => `vigie-antenna-${antennaId}`;
