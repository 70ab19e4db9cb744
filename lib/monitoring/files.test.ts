import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashFiles, planConfigFiles, readConfigFile, restoreConfigFiles, writeConfigFiles } from "./files";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vigie-files-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("config files", () => {
  it("writes atomically, leaves no temp file and skips unchanged content", async () => {
    const files = { "alertmanager.yml": "a\n", "rules/vigie-brick.yml": "r\n" };
    expect(await writeConfigFiles(dir, files)).toEqual(["alertmanager.yml", "rules/vigie-brick.yml"]);
    expect(await readdir(path.join(dir, "rules"))).toEqual(["vigie-brick.yml"]);
    const modified = (await stat(path.join(dir, "alertmanager.yml"))).mtimeMs;
    expect(await writeConfigFiles(dir, { ...files, "rules/vigie-brick.yml": "r2\n" })).toEqual([
      "rules/vigie-brick.yml",
    ]);
    expect((await stat(path.join(dir, "alertmanager.yml"))).mtimeMs).toBe(modified);
  });

  it("removes a tier's rule file once its kind moved back to the default folder", async () => {
    await writeConfigFiles(dir, { "rules/r_ffdn/vigie-brick.yml": "r\n", "rules/vigie-ping.yml": "p\n" });
    const next = { "rules/vigie-brick.yml": "r\n", "rules/vigie-ping.yml": "p\n" };
    expect(await planConfigFiles(dir, next)).toMatchObject({
      changed: ["rules/vigie-brick.yml"],
      stale: ["rules/r_ffdn/vigie-brick.yml"],
    });
    await writeConfigFiles(dir, next);
    expect(await readdir(path.join(dir, "rules", "r_ffdn"))).toEqual([]);
  });

  it("refuses paths outside the config folder", async () => {
    await expect(writeConfigFiles(dir, { "../escape.yml": "x" })).rejects.toThrow(/escapes/);
  });

  it("restores what a plan recorded, removing files that did not exist", async () => {
    await writeConfigFiles(dir, { "alertmanager.yml": "old\n" });
    const next = { "alertmanager.yml": "new\n", "file_sd/brick.json": "[]\n" };
    const plan = await planConfigFiles(dir, next);
    await writeConfigFiles(dir, next);
    await restoreConfigFiles(dir, plan.previous);
    expect(await readConfigFile(dir, "alertmanager.yml")).toBe("old\n");
    expect(await readConfigFile(dir, "file_sd/brick.json")).toBeNull();
  });

  it("writes, replaces and restores vmauth.yml readable by its owner only, the other files group-readable", async () => {
    const mode = async (name: string) => (await stat(path.join(dir, name))).mode & 0o777;
    await writeConfigFiles(dir, { "vmauth.yml": "users: [old]\n", "alertmanager.yml": "a\n" });
    expect(await mode("vmauth.yml")).toBe(0o600);
    expect(await mode("alertmanager.yml")).toBe(0o640);
    const next = { "vmauth.yml": "users: [new]\n", "alertmanager.yml": "a\n" };
    const plan = await planConfigFiles(dir, next);
    expect(plan.changed).toEqual(["vmauth.yml"]);
    await writeConfigFiles(dir, next);
    expect(await mode("vmauth.yml")).toBe(0o600);
    await restoreConfigFiles(dir, plan.previous);
    expect(await readConfigFile(dir, "vmauth.yml")).toBe("users: [old]\n");
    expect(await mode("vmauth.yml")).toBe(0o600);
  });

  it("hashes paths and contents, independent of key order", () => {
    expect(hashFiles({ a: "1", b: "2" })).toBe(hashFiles({ b: "2", a: "1" }));
    expect(hashFiles({ a: "1", b: "2" })).not.toBe(hashFiles({ a: "2", b: "1" }));
  });
});
