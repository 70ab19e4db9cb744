import path from "node:path";

/**
 * A request the real telegraf 1.37.2 made with the bundle's configuration (bundleSample, the `iw` fixtures),
 * recorded by scripts/antennas/check-telegraf.ts --capture: `request.json` (method, path, headers) and
 * `body.bin` (the remote-write body as sent), and `station-salt`, the station script's salt of the day then
 * (`<day> <hex>`), without which its hashes cannot be made again. The password it was given is not a secret.
 */
export const captureFolder = path.join(import.meta.dirname, "telegraf-capture");
export const captureDailySalt = path.join(captureFolder, "station-salt");
export const capturePassword = "capture-password";
