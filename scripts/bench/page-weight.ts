/**
 * JavaScript per page of the production build: starts the portal as the e2e tests do (`next start` on an embedded
 * database, the local identity provider; it never builds), signs the demo admin in, loads each main page in a fresh
 * browser context (an empty cache, as a first visit) and prints the JS it fetched, transferred (compressed, headers
 * left out) and decoded. The floor is measured in the same run: the scripts every page loads (the framework runtime
 * and the shared chunks), so a page's own weight is what it adds above it.
 * Usage: npm run bench:page-weight [-- --locale fr --runs 1]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { signInOverHttp } from "@/e2e/support/api-sign-in";
import { startDevEnvironment } from "@/scripts/dev/environment";

const { values: args } = parseArgs({ options: { locale: { type: "string", default: "fr" } } });

// The pages a member and an admin open; the home page is loaded signed out, as a visitor sees it.
const pages = [
  "",
  "/dashboard",
  "/targets",
  "/channels",
  "/silences",
  "/settings",
  "/account",
  "/admin/requests",
  "/admin/infra",
  "/admin/deliveries",
  "/admin/tiers",
  "/admin/antennas",
  "/admin/antennas/dashboard",
];

type Script = { url: string; transferred: number; decoded: number };

async function scriptsOf(page: Page, url: string): Promise<Script[]> {
  const responses: Promise<Script>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    responses.push(
      (async () => {
        const [sizes, body] = await Promise.all([response.request().sizes(), response.body()]);
        return { url: new URL(response.url()).pathname, transferred: sizes.responseBodySize, decoded: body.length };
      })(),
    );
  });
  const response = await page.goto(url, { waitUntil: "networkidle" });
  if (!response?.ok()) throw new Error(`${url}: HTTP ${response?.status()}`);
  return Promise.all(responses);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(11);
const sum = (scripts: Script[], key: "transferred" | "decoded") => scripts.reduce((total, s) => total + s[key], 0);

const dataDir = mkdtempSync(path.join(tmpdir(), "vigie-bench-page-weight-"));
const environment = await startDevEnvironment({ dataDir, synapse: false, log: () => {} });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  // signInOverHttp is the e2e tests' sign-in (no login form drawn); it reads the portal's address from there.
  process.env.E2E_BASE_URL = environment.baseUrl;
  const session = await signInOverHttp("admin");
  const results: { path: string; scripts: Script[] }[] = [];
  for (const pagePath of pages) {
    const context = await browser.newContext({
      baseURL: environment.baseUrl,
      ...(pagePath === "" ? {} : { storageState: session }),
    });
    const page = await context.newPage();
    results.push({ path: `/${args.locale}${pagePath}`, scripts: await scriptsOf(page, `/${args.locale}${pagePath}`) });
    await context.close();
  }
  const everywhere = results
    .map((result) => new Set(result.scripts.map((s) => s.url)))
    .reduce((common, urls) => new Set([...common].filter((url) => urls.has(url))));
  const floor = results[0]!.scripts.filter((s) => everywhere.has(s.url));
  console.log(`${"page".padEnd(30)}${"scripts".padStart(8)}${"transferred".padStart(13)}${"decoded".padStart(13)}`);
  console.log(
    `${"floor (on every page)".padEnd(30)}${String(floor.length).padStart(8)}  ${kib(sum(floor, "transferred"))}  ${kib(sum(floor, "decoded"))}`,
  );
  for (const { path: pagePath, scripts } of results) {
    const own = scripts.filter((s) => !everywhere.has(s.url));
    console.log(
      `${pagePath.padEnd(30)}${String(scripts.length).padStart(8)}  ${kib(sum(scripts, "transferred"))}  ${kib(sum(scripts, "decoded"))}   above floor: ${kib(sum(own, "transferred")).trim()} / ${kib(sum(own, "decoded")).trim()}`,
    );
  }
} finally {
  await browser.close();
  await environment.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
