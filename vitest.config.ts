import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Which test files run on one database only. CI runs the suite on embedded PGlite and on a PostgreSQL server
 * (README, "Tests"); the files below start real services (VictoriaMetrics, vmagent, vmalert, vmauth,
 * Alertmanager, blackbox, Synapse) and spend their time there, while their database part is ordinary queries that
 * the other files cover on both. They run in the `stack` project, which CI runs on PostgreSQL only: the
 * cross-process advisory lock of the sync (lib/monitoring/apply.ts) exists only there, and PGlite already meets
 * the real services in the e2e tests, whose dev environment runs on it. `npm test` runs both projects.
 *
 * lib/testing/stack-tests.test.ts fails when a test file that starts a service, or any `*.integration.test.ts`,
 * is listed in neither list, in both, or when an entry names no file: a new stack test has to be placed here.
 * Paths are relative to the repository root.
 */
export const stackTests: readonly string[] = [
  "lib/account/delete-account.integration.test.ts",
  "lib/antennas/bundle-remote-write.integration.test.ts",
  "lib/antennas/load-antenna-dashboard.integration.test.ts",
  "lib/dashboard/load-dashboard.integration.test.ts",
  "lib/dashboard/tier-history.integration.test.ts",
  "lib/monitoring/antenna-alerts.integration.test.ts",
  "lib/monitoring/apply.integration.test.ts",
  "lib/monitoring/blackbox-modules.integration.test.ts",
  "lib/monitoring/kinds.integration.test.ts",
  "lib/monitoring/member-routing.integration.test.ts",
  "lib/monitoring/privacy.integration.test.ts",
  "lib/monitoring/tiers.integration.test.ts",
  "lib/monitoring/vmauth-apply.integration.test.ts",
  "lib/monitoring/vmauth.integration.test.ts",
  "lib/relay/bots/matrix-bot-ack.integration.test.ts",
  "lib/relay/bots/matrix-bot.integration.test.ts",
  "lib/relay/bots/matrix-encrypted.integration.test.ts",
  "lib/relay/infra/inhibition.integration.test.ts",
  "lib/silences/silences.integration.test.ts",
  "scripts/stack/stack.integration.test.ts",
];

/**
 * Integration tests that stay on both databases: what they test is the database's part (the outbox and its
 * locks across processes, the sweeps, a worker killed mid-delivery), so PGlite and PostgreSQL each need the proof.
 */
export const integrationTestsOnBothDatabases: readonly string[] = [
  "lib/relay/outbox/crash-safety.integration.test.ts",
  "lib/relay/outbox/deliver.integration.test.ts",
  "lib/relay/sweeps/redaction.integration.test.ts",
  "lib/relay/sweeps/vanished-alerts.integration.test.ts",
  "lib/relay/sweeps/vanished-incidents.integration.test.ts",
  "lib/relay/transports/email.integration.test.ts",
  // The tier actions' refusals and row locks are the database's part; the one vmagent it starts takes half a second.
  "lib/tiers/actions.test.ts",
];

/** Every test file of `npm test`, whichever project runs it. */
export const testFiles: readonly string[] = [
  "lib/**/*.test.ts",
  "components/**/*.test.tsx",
  "worker/**/*.test.ts",
  "scripts/**/*.test.ts",
  "tests/**/*.test.ts",
];

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // Tests import data and mutation modules directly: the marker is Next.js's business (empty under react-server).
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    // Expected failures log errors on purpose; LOG_LEVEL=debug shows them when a test needs explaining.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two projects so CI can run the stack tests on one database only (stackTests above says why);
    // `npm test` runs both.
    projects: [
      { extends: true, test: { name: "per-database", include: [...testFiles], exclude: [...stackTests] } },
      { extends: true, test: { name: "stack", include: [...stackTests] } },
    ],
  },
});
