import { existsSync, globSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import config, { integrationTestsOnBothDatabases, stackTests, testFiles } from "@/vitest.config";

const root = path.resolve(import.meta.dirname, "../..");
const allTests = globSync([...testFiles], { cwd: root }).sort();

/** Where test support starts a real process: every starter (scripts/stack, scripts/synapse) goes through it. */
const serviceStarter = "scripts/lib/services.ts";

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(path.join(root, candidate)) && candidate.match(/\.tsx?$/)) return candidate;
  }
  return null;
}

/**
 * Whether a test file reaches the service starter through test support (lib/testing) or the scripts: production
 * code is not followed, since what it spawns (amtool, a throwaway vmauth for a check) lasts milliseconds.
 */
function startsServices(testFile: string): boolean {
  const seen = new Set<string>();
  const queue = [testFile];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (file === serviceStarter) return true;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(path.join(root, file), "utf8");
    // Static imports at the start of a line and dynamic ones: not the import lines a test keeps as text.
    for (const match of source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"\)/gm)) {
      const target = resolveImport(file, (match[1] ?? match[2])!);
      if (target && (target.startsWith("scripts/") || target.startsWith("lib/testing/"))) queue.push(target);
    }
  }
  return false;
}

describe("the split of the stack tests", () => {
  it("lists existing test files, each once", () => {
    const listed = [...stackTests, ...integrationTestsOnBothDatabases];
    expect(listed.filter((file) => !allTests.includes(file))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(stackTests.length).toBeGreaterThan(0);
  });

  it("places every test that starts a service, and every integration test, in one of the two lists", () => {
    const serviceTests = allTests.filter(startsServices);
    // The detector itself works: files known to start the stack, Synapse or a lone service are found.
    expect(serviceTests).toEqual(
      expect.arrayContaining([
        "lib/monitoring/tiers.integration.test.ts",
        "lib/relay/bots/matrix-bot.integration.test.ts",
        "lib/monitoring/blackbox-modules.integration.test.ts",
      ]),
    );
    expect(serviceTests).not.toContain("lib/monitoring/render-vmauth.test.ts");
    const mustBeListed = new Set([
      ...serviceTests,
      ...allTests.filter((file) => file.endsWith(".integration.test.ts")),
    ]);
    const listed = new Set([...stackTests, ...integrationTestsOnBothDatabases]);
    expect([...mustBeListed].filter((file) => !listed.has(file))).toEqual([]);
  });

  it("runs the listed stack tests in the stack project and every other test in the per-database one", () => {
    const projects = (config.test?.projects ?? []) as {
      test: { name: string; include: string[]; exclude?: string[] };
    }[];
    const byName = Object.fromEntries(projects.map((project) => [project.test.name, project.test]));
    expect(Object.keys(byName).sort()).toEqual(["per-database", "stack"]);
    expect(byName.stack!.include).toEqual([...stackTests]);
    expect(byName["per-database"]!.include).toEqual([...testFiles]);
    expect(byName["per-database"]!.exclude).toEqual([...stackTests]);
  });
});
