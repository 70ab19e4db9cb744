import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runUnderBusybox } from "@/lib/testing/antennas/busybox";
import { installed, passwordEnv } from "./bundle-layout";
import { renderInitScript } from "./bundle-scripts";

/**
 * The procd init script's `start_service` under busybox, with procd's helpers replaced by functions that print
 * their arguments (OpenWrt's /lib/functions/procd.sh is not here): what it would hand procd, and its refusal.
 */
const dir = mkdtempSync(path.join(tmpdir(), "vigie-init-"));
const passwordFile = path.join(dir, "password");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const procdStubs = `
procd_open_instance() { echo "open"; }
procd_set_param() { echo "param $*"; }
procd_close_instance() { echo "close"; }
`;
const startService = () =>
  runUnderBusybox(
    `${procdStubs}\n${renderInitScript().replace(installed.passwordFile, passwordFile)}\nstart_service 2>&1\necho "status=$?"\n`,
  );

describe("the init script", () => {
  it("hands telegraf the password from the root-only file through the environment, not its arguments", () => {
    writeFileSync(passwordFile, "the-password_shown-once\n");
    chmodSync(passwordFile, 0o644);
    const output = startService();
    const params = output.split("\n").filter((line) => line.startsWith("param "));
    expect(params).toContain(`param env ${passwordEnv}=the-password_shown-once`);
    const command = params.find((line) => line.startsWith("param command "))!;
    expect(command).toBe(`param command ${installed.telegraf} --strict-env-handling --config ${installed.config}`);
    expect(output).toMatch(/^open\n(param .*\n)+close\nstatus=0\n$/);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
  });

  it("refuses to start, saying why, without the password file or with an empty one", () => {
    rmSync(passwordFile, { force: true });
    const missing = startService();
    expect(missing).toContain(`write the antenna's password into ${passwordFile}`);
    expect(missing).not.toContain("open");
    expect(missing).toMatch(/status=1\n$/);
    writeFileSync(passwordFile, "");
    expect(startService()).toMatch(/status=1\n$/);
  });

  it("refuses a file holding more than the password: what the portal copies is the password alone", () => {
    for (const pasted of [`${passwordEnv}=abcDEF012_-xyz\n`, "abcDEF012 xyz\n", 'export "abc"\n']) {
      writeFileSync(passwordFile, pasted);
      const output = startService();
      expect(output).toContain(`${passwordFile} must hold the password alone`);
      expect(output).not.toContain("open");
      expect(output).toMatch(/status=1\n$/);
    }
    // A password shaped like the portal's (43 base64url characters) is accepted, trailing newline and all.
    writeFileSync(passwordFile, `${"Ab0_-".repeat(8)}xyz\n`);
    expect(startService()).toContain(`param env ${passwordEnv}=${"Ab0_-".repeat(8)}xyz\n`);
  });
});
