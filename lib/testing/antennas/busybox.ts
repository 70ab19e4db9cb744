import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { installed } from "@/lib/antennas/bundle-layout";
import { iwFixtures } from "./bundle-fixtures";

const busybox = "/bin/busybox";
/** Every tool the station and init scripts call, as busybox applets (OpenWrt's userland). */
const applets = ["sh", "awk", "sed", "sha256sum", "cut", "cat", "printf", "chmod", "date", "head", "mv"];

export type BusyboxOptions = {
  /**
   * Where the station script keeps its salt of the day (instead of the antenna's /var/run): a test that runs it
   * several times passes the same file; by default a fresh one per run, removed after it.
   */
  dailySaltFile?: string;
  /** The UTC day `date -u +%Y-%m-%d` answers (a stand-in `date`), to move the antenna's clock to another day. */
  today?: string;
};

/**
 * Runs a shell script as OpenWrt would: busybox's shell, a PATH of busybox applets and the stand-in `iw` that
 * prints the fixtures (lib/testing/antennas/iw), no host tool. Returns its standard output.
 */
export function runUnderBusybox(script: string, options: BusyboxOptions = {}): string {
  if (!existsSync(busybox)) throw new Error("busybox is required: apt-get install -y busybox");
  const dir = mkdtempSync(path.join(tmpdir(), "vigie-busybox-"));
  try {
    mkdirSync(path.join(dir, "bin"));
    mkdirSync(path.join(dir, "fake"));
    for (const applet of applets) symlinkSync(busybox, path.join(dir, "bin", applet));
    if (options.today !== undefined) {
      const date = path.join(dir, "fake", "date");
      writeFileSync(date, `#!${path.join(dir, "bin", "sh")}\nprintf '%s\\n' "$FAKE_TODAY"\n`);
      chmodSync(date, 0o755);
    }
    const file = path.join(dir, "script");
    // Never the host's /var/run: the tests run as root.
    const dailySaltFile = options.dailySaltFile ?? path.join(dir, "daily-salt");
    writeFileSync(file, script.replaceAll(installed.dailySalt, dailySaltFile));
    chmodSync(file, 0o755);
    return execFileSync(path.join(dir, "bin", "sh"), [file], {
      encoding: "utf8",
      env: {
        NODE_ENV: "test",
        PATH: `${path.join(dir, "fake")}:${iwFixtures}:${path.join(dir, "bin")}`,
        IW_FIXTURES: iwFixtures,
        FAKE_TODAY: options.today ?? "",
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
