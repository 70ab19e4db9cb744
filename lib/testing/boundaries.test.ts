import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The lint rule that keeps test support and scripts/ out of production code (eslint.config.mjs), run on code as if
// it sat at a given path: production files are refused such imports, tests and test support are not.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === "no-restricted-imports")
    .map((message) => message.message);
}

const importsFake = `import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";\nexport const fake = createFakeAlertmanager;\n`;
const importsTestSupport = `import { waitFor } from "../testing/wait-for";\nexport const wait = waitFor;\n`;
const importsScripts = `import { findFreePort } from "@/scripts/lib/free-port";\nexport const port = findFreePort;\n`;
const importsScriptsRelative = `import { findFreePort } from "../../scripts/lib/free-port";\nexport const port = findFreePort;\n`;
const importsStarter = `import { startStandaloneAlertmanager } from "@/scripts/stack/standalone-alertmanager";\nexport const start = startStandaloneAlertmanager;\n`;

describe("production code imports neither test support nor scripts/", () => {
  // Loading the configuration (Next.js's plugins) takes seconds: once, in a hook, not in the first test's time.
  beforeAll(() => eslint.calculateConfigForFile("lib/targets/data.ts"));

  const testSupport = "Test support (lib/testing/) is for tests, e2e/ and scripts/ only.";
  const fake = "Fakes (*.fake.ts) stand in for external services in tests only.";
  const scripts = "scripts/ holds the dev stack, benches and tools; production code does not import it.";

  it.each([
    ["lib/silences/mutations.ts", importsFake, [testSupport, fake]],
    ["app/[locale]/(member)/silences/page.tsx", importsFake, [testSupport, fake]],
    ["lib/relay/bots/mattermost-bot.ts", `import { startFakeMattermost } from "./mattermost.fake";\n`, [fake]],
    ["lib/targets/data.ts", importsTestSupport, [testSupport]],
    ["worker/main.ts", importsScripts, [scripts]],
    ["lib/monitoring/apply.ts", importsScriptsRelative, [scripts]],
    ["components/ui/button.tsx", importsScripts, [scripts]],
    ["instrumentation.ts", importsScripts, [scripts]],
  ])("refuses the import in %s", async (filePath, code, reasons) => {
    expect(await restrictedImports(code, filePath)).toEqual(reasons.map((reason) => expect.stringContaining(reason)));
  });

  it.each([
    ["lib/silences/silences.test.ts", importsFake],
    ["lib/targets/data.test.ts", importsTestSupport],
    ["worker/start.test.ts", importsScripts],
    ["lib/monitoring/apply.integration.test.ts", importsScriptsRelative],
    ["e2e/silences.spec.ts", importsFake],
    ["scripts/fuzz/handlers.ts", importsFake],
    ["lib/testing/deliveries.ts", importsFake],
    ["lib/testing/relay/listing-alertmanager.ts", importsStarter],
  ])("allows the import in %s", async (filePath, code) => {
    expect(await restrictedImports(code, filePath)).toEqual([]);
  });

  it("lets test support use the local servers' starters from scripts/, and nothing else there", async () => {
    expect(await restrictedImports(importsScripts, "lib/testing/servers.ts")).toEqual([
      expect.stringContaining("Test support may use the local servers' starters in scripts/"),
    ]);
  });
});
