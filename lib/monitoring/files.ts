import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { serviceUsersDir, vmauthFile, vmauthFileMode } from "./render-vmauth";

/** Subfolders that belong to Vigie entirely: a file there that Vigie no longer renders is removed. */
const ownedDirs = [
  { dir: "file_sd", extension: ".json" },
  { dir: "rules", extension: ".yml" },
  { dir: serviceUsersDir, extension: ".password" },
] as const;

/** Files that need a mode other than writeFileAtomic's default, wherever they are written, restored or checked. */
const fileModes: Record<string, number> = { [vmauthFile]: vmauthFileMode };
/** The service users' password files are as secret as vmauth.yml. */
const modeOf = (relative: string) =>
  relative.startsWith(`${serviceUsersDir}/`) ? vmauthFileMode : fileModes[relative];

const hashContent = (content: string) => createHash("sha256").update(content).digest("hex");

/** One hash for a whole rendering: paths and contents, in path order. */
export function hashFiles(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(files).sort()) hash.update(`${name}\0${files[name]}\0`);
  return hash.digest("hex");
}

function resolveInside(configDir: string, relative: string): string {
  const file = path.resolve(configDir, relative);
  if (!file.startsWith(path.resolve(configDir) + path.sep))
    throw new Error(`config path escapes ${configDir}: ${relative}`);
  return file;
}

export async function readConfigFile(configDir: string, relative: string): Promise<string | null> {
  try {
    return await readFile(resolveInside(configDir, relative), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Temp file in the same folder + fsync + rename: a reader sees the old or the new file, never half of one. */
export async function writeFileAtomic(file: string, content: string, mode = 0o640): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  // 0640 by default: alertmanager.yml holds the webhook token. vmauth.yml holds passwords in clear: 0600.
  const handle = await open(temp, "w", mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync(); // makes the rename itself durable
  } finally {
    await dirHandle.close();
  }
}

export type ConfigPlan = {
  /** Rendered files whose content differs from the disk (or that do not exist yet). */
  changed: string[];
  /** Files in Vigie's own subfolders that the rendering no longer contains. */
  stale: string[];
  /** Content on disk before the change, null when absent: what a refused reload restores. */
  previous: Record<string, string | null>;
};

const isOwnedName = (name: string, extension: string) => name.endsWith(extension) && !name.startsWith(".");

/** Vigie's files in its folders and one level below (`rules/<tierId>/`: the rules of each tier's vmalert). */
async function listOwnedFiles(configDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const { dir, extension } of ownedDirs) {
    const entries = await readdir(path.join(configDir, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isFile() && isOwnedName(entry.name, extension)) found.push(`${dir}/${entry.name}`);
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      for (const name of await readdir(path.join(configDir, dir, entry.name)).catch(() => [] as string[])) {
        if (isOwnedName(name, extension)) found.push(`${dir}/${entry.name}/${name}`);
      }
    }
  }
  return found;
}

export async function planConfigFiles(configDir: string, files: Record<string, string>): Promise<ConfigPlan> {
  const plan: ConfigPlan = { changed: [], stale: [], previous: {} };
  for (const name of Object.keys(files).sort()) {
    const current = await readConfigFile(configDir, name);
    if (current !== null && hashContent(current) === hashContent(files[name]!)) continue;
    plan.changed.push(name);
    plan.previous[name] = current;
  }
  for (const name of (await listOwnedFiles(configDir)).sort()) {
    if (name in files) continue;
    plan.stale.push(name);
    plan.previous[name] = await readConfigFile(configDir, name);
  }
  return plan;
}

/** Carries out a plan: writes what changed, removes what is stale; returns the paths touched. */
export async function applyConfigPlan(
  configDir: string,
  files: Record<string, string>,
  plan: ConfigPlan,
): Promise<string[]> {
  for (const name of plan.changed) await writeFileAtomic(resolveInside(configDir, name), files[name]!, modeOf(name));
  for (const name of plan.stale) await rm(resolveInside(configDir, name), { force: true });
  return [...plan.changed, ...plan.stale];
}

export async function writeConfigFiles(configDir: string, files: Record<string, string>): Promise<string[]> {
  return applyConfigPlan(configDir, files, await planConfigFiles(configDir, files));
}

/** Puts back the content recorded in a plan (removing files that did not exist before). */
export async function restoreConfigFiles(configDir: string, previous: Record<string, string | null>): Promise<void> {
  for (const [name, content] of Object.entries(previous)) {
    const file = resolveInside(configDir, name);
    if (content === null) await rm(file, { force: true });
    else await writeFileAtomic(file, content, modeOf(name));
  }
}
