import { accessSync, constants } from "node:fs";
import path from "node:path";

/** Which Debian package ships each binary the stack runs. */
const debianPackages: Record<string, string> = {
  "victoria-metrics": "victoria-metrics",
  vmagent: "victoria-metrics",
  vmauth: "victoria-metrics",
  vmalert: "victoria-metrics",
  "prometheus-alertmanager": "prometheus-alertmanager",
  amtool: "prometheus-alertmanager",
  "prometheus-blackbox-exporter": "prometheus-blackbox-exporter",
};

function findInPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter).concat("/usr/bin")) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Resolves every binary up front, so a missing one fails with the install command instead of a spawn error. */
export function requireBinaries(names: readonly string[]): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const file = findInPath(name);
    if (file) found[name] = file;
    else missing.push(name);
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((name) => debianPackages[name] ?? name))].sort();
    throw new Error(`missing ${missing.join(", ")}: apt-get install -y --no-install-recommends ${packages.join(" ")}`);
  }
  return found;
}
