import { defineConfig } from "@playwright/test";

// Debian's Chromium (/usr/bin/chromium) only: a browser downloaded by `playwright install` cannot be installed here.
export default defineConfig({
  testDir: "./e2e",
  timeout: 180_000,
  expect: { timeout: 15_000 },
  // Each test seeds its own members (e2e/support/test.ts), so tests run in parallel; the machine has 2 cores.
  fullyParallel: true,
  workers: 2,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  projects: [
    // admin-refusal.spec.ts compares whole admin pages before and after: it runs first, while nothing else writes
    // (so it runs with any selection of specs; `--no-deps` leaves it out, and if it fails the others do not run).
    { name: "quiet-hub", testMatch: "admin-refusal.spec.ts" },
    { name: "parallel", testIgnore: "admin-refusal.spec.ts", dependencies: ["quiet-hub"] },
  ],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
