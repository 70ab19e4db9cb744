import type { Locale } from "@/lib/i18n/config";
import { bundleFolder, bundleNames } from "./bundle-layout";
import { renderInitScript, renderStationScript } from "./bundle-scripts";
import { renderTelegrafConf } from "./bundle-telegraf";
import { renderInstallNote } from "./install-note";
import { tarGz } from "./tar";

export type AntennaBundleInput = {
  antennaId: string;
  /** The antenna's current vmauth username (`antenna-<id>-g<generation>`). */
  username: string;
  /** The antenna's MAC salt, unsealed. */
  salt: string;
  /** vmauth as antennas reach it (ANTENNA_WRITE_URL). */
  writeUrl: string;
  locale: Locale;
};

export type BundleFile = { name: string; mode: number; content: string };
export type AntennaBundle = { folder: string; files: BundleFile[] };

/**
 * Everything an antenna needs but its password: the password is shown once by the portal and never stored in
 * clear, so it cannot be in a file downloaded again later. Pure: same input, same files.
 */
export function renderAntennaBundle(input: AntennaBundleInput): AntennaBundle {
  if (!/^[A-Za-z0-9_-]+$/.test(input.antennaId)) throw new Error("antenna id must be an opaque id");
  if (!/^[A-Za-z0-9_.-]+$/.test(input.username)) throw new Error("antenna username must be an id");
  const folder = bundleFolder(input.antennaId);
  return {
    folder,
    files: [
      { name: bundleNames.installNote, mode: 0o644, content: renderInstallNote(input.locale, noteInput(input)) },
      { name: bundleNames.config, mode: 0o644, content: renderTelegrafConf(input) },
      { name: bundleNames.initScript, mode: 0o755, content: renderInitScript() },
      { name: bundleNames.stationScript, mode: 0o755, content: renderStationScript(input.salt) },
    ],
  };
}

const noteInput = ({ antennaId }: AntennaBundleInput) => ({
  antennaId,
  folder: bundleFolder(antennaId),
  archive: bundleArchiveName(antennaId),
});

export const bundleArchiveName = (antennaId: string) => `${bundleFolder(antennaId)}.tar.gz`;

/** The `.tar.gz` OpenWrt unpacks with its own `tar`: the files under one top folder, bytes fixed by the input. */
export function packAntennaBundle(bundle: AntennaBundle): Buffer {
  return tarGz([
    { path: `${bundle.folder}/`, mode: 0o755 },
    ...bundle.files.map((file) => ({ path: `${bundle.folder}/${file.name}`, mode: file.mode, content: file.content })),
  ]);
}
