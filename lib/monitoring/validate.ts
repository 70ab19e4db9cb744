import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeConfigFiles } from "./files";
import { alertmanagerFile } from "./render-alertmanager";
import { rulesDir } from "./render-rules";
import { vmagentRelabelFile } from "./render-vmagent-relabel";
import { vmauthFile } from "./render-vmauth";
import { checkVmauthConfig } from "./vmauth-service";

/** `vmauthBin` and `vmagentBin` default to the PATH's; each runs only when the rendering has its file. */
export type ValidationTools = { amtoolBin: string; vmalertBin: string; vmauthBin?: string; vmagentBin?: string };
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

/** vmagent's dry run wants a scrape configuration too: an empty one, so only the relabelling is judged. */
export async function checkVmagentRelabel(vmagentBin: string, dir: string): Promise<ValidationResult> {
  const scrape = path.join(dir, ".empty-scrape.yml");
  await writeFile(scrape, "scrape_configs: []\n");
  return run(vmagentBin, [
    "-dryRun",
    `-promscrape.config=${scrape}`,
    `-remoteWrite.relabelConfig=${path.join(dir, vmagentRelabelFile)}`,
    "-loggerLevel=ERROR",
  ]);
}

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
    const relabel =
      rules.ok && files[vmagentRelabelFile] !== undefined
        ? await checkVmagentRelabel(tools.vmagentBin ?? "vmagent", dir)
        : rules;
    const vmauth = files[vmauthFile];
    const result =
      relabel.ok && vmauth !== undefined
        ? await checkVmauthConfig(tools.vmauthBin ?? "vmauth", path.join(dir, vmauthFile), vmauth)
        : relabel;
    // The temporary folder means nothing to an admin reading the sync run.
    return result.ok ? result : { ok: false, error: result.error.replaceAll(`${dir}/`, "") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
