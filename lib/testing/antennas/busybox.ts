import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { iwFixtures } from "./bundle-fixtures";

const busybox = "/bin/busybox";
/** Every tool the station script calls, as busybox applets (OpenWrt's userland). */
const applets = ["sh", "awk", "sed", "sha256sum", "cut", "cat", "printf", "chmod"];

/**
 * Runs a shell script as OpenWrt would: busybox's shell, a PATH of busybox applets and the stand-in `iw` that
 * prints the fixtures (lib/testing/antennas/iw), no host tool. Returns its standard output.
 */
export function runUnderBusybox(script: string): string {
  if (!existsSync(busybox)) throw new Error("busybox is required: apt-get install -y busybox");
  const dir = mkdtempSync(path.join(tmpdir(), "vigie-busybox-"));
  try {
    mkdirSync(path.join(dir, "bin"));
    for (const applet of applets) symlinkSync(busybox, path.join(dir, "bin", applet));
    const file = path.join(dir, "script");
    writeFileSync(file, script);
    chmodSync(file, 0o755);
    return execFileSync(path.join(dir, "bin", "sh"), [file], {
      encoding: "utf8",
      env: { NODE_ENV: "test", PATH: `${iwFixtures}:${path.join(dir, "bin")}`, IW_FIXTURES: iwFixtures },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
