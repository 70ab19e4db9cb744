import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeConfigFiles } from "./files";
import { alertmanagerFile } from "./render-alertmanager";
import { rulesDir } from "./render-rules";
import { vmauthFile } from "./render-vmauth";
import { checkVmauthConfig } from "./vmauth-service";

/** `vmauthBin` defaults to `vmauth` on the PATH; it is only run when the rendering has a vmauth.yml. */
export type ValidationTools = { amtoolBin: string; vmalertBin: string; vmauthBin?: string };
export type ValidationResult = { ok: true } | { ok: false; error: string };

function run(bin: string, args: string[]): Promise<ValidationResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true });
      // Both tools print the reason on their output, not in the exit status; keep the useful lines only.
      const output = `${stdout}\n${stderr}`
        .split("\n")
        .filter((line) => /error|fatal|fail|invalid|undefined/i.test(line));
      resolve({ ok: false, error: `${path.basename(bin)}: ${output.join("\n").trim() || error.message}` });
    });
  });
}

export const checkAlertmanagerConfig = (amtoolBin: string, file: string) => run(amtoolBin, ["check-config", file]);

export const checkRules = (vmalertBin: string, ruleGlob: string | string[]) =>
  run(vmalertBin, ["-dryRun", ...[ruleGlob].flat().map((glob) => `-rule=${glob}`), "-loggerLevel=ERROR"]);

/** Validates a complete rendering in a temporary folder, so nothing the services read is touched. */
export async function validateRendering(
  files: Record<string, string>,
  tools: ValidationTools,
): Promise<ValidationResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "vigie-validate-"));
  try {
    await writeConfigFiles(dir, files);
    const am = await checkAlertmanagerConfig(tools.amtoolBin, path.join(dir, alertmanagerFile));
    // The default vmalert's files and every tier's (`rules/<tierId>/`), in one run.
    const globs = [path.join(dir, rulesDir, "*.yml"), path.join(dir, rulesDir, "*", "*.yml")];
    const rules = am.ok ? await checkRules(tools.vmalertBin, globs) : am;
    const vmauth = files[vmauthFile];
    const result =
      rules.ok && vmauth !== undefined
        ? await checkVmauthConfig(tools.vmauthBin ?? "vmauth", path.join(dir, vmauthFile), vmauth)
        : rules;
    // The temporary folder means nothing to an admin reading the sync run.
    return result.ok ? result : { ok: false, error: result.error.replaceAll(`${dir}/`, "") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
