import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { type RelayListener, startRelayListener } from "@/lib/relay/intake/listen";
import { createTestDatabase } from "@/lib/testing/database";
import { alertmanagerEndpoint, alertmanagerPosts, botCommandHandler, chatMessages } from "./handlers";
import { printFuzzReports } from "./print-report";
import { type FuzzReport, fuzzTarget } from "./run-fuzz";
import { actionInputs, serverActionHandler } from "./server-actions";
import { type FuzzWorld, seedFuzzWorld } from "./world";

/**
 * The fuzzer against the real handlers: the relay listener over HTTP (member and infra posts), every server
 * action with any caller, and the bots' command path, on a fresh database. `npm run fuzz` runs 100,000 inputs
 * with a new seed; the test suite runs a seeded share, so CI repeats the same inputs.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 1200);
const seed = Number(process.env.FUZZ_SEED ?? (process.env.FUZZ_RUNS ? Date.now() % 2 ** 31 : 20261130));
const shares = { webhook: 0.35, infra: 0.1, actions: 0.35, bot: 0.2 } as const;

const testing = vi.hoisted(() => ({ db: null as unknown }));
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  db: async () => testing.db,
}));
vi.mock("@/lib/auth", async () => {
  const { callerStore } = await import("./handlers");
  return {
    currentViewer: async () => callerStore.getStore() ?? null,
    signOut: async () => {
      throw Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/fr;307;" });
    },
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
// Next.js tells an action its page's language from the URL; the fuzzed forms are posted from French pages.
vi.mock("@/lib/i18n/page-locale", () => ({ pageLocale: async () => "fr" }));
// Applying the monitoring configuration is covered elsewhere, against the real services.
vi.mock("@/lib/monitoring/runtime", () => ({ requestMonitoringSync: () => {} }));
// No name leaves this machine: names resolve to one public address, and "internal" ones to a private one.
vi.mock("node:dns/promises", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  lookup: async (name: string) => [{ address: name.includes("internal") ? "10.0.0.7" : "93.184.215.14", family: 4 }],
}));

let handle: DbHandle;
let listener: RelayListener;
let world: FuzzWorld;
const token = randomBytes(24).toString("hex");
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const reports: FuzzReport[] = [];

beforeAll(async () => {
  Object.assign(process.env, {
    // As on every hub where members sign in: it keys the verification cooldowns' address hashes.
    AUTH_SECRET: "fuzz-auth-secret",
    MATRIX_HOMESERVER_URL: "http://127.0.0.1:1",
    MATRIX_BOT_USER_ID: "@vigie:example.org",
    MATRIX_BOT_ACCESS_TOKEN: "fuzz",
    MATTERMOST_URL: "http://127.0.0.1:1",
    MATTERMOST_BOT_TOKEN: "fuzz",
    MATTERMOST_BOT_USERNAME: "vigie",
  });
  resetEnvForTests();
  handle = await createTestDatabase();
  testing.db = handle.db;
  world = await seedFuzzWorld(handle.db);
  listener = await startRelayListener({ host: "127.0.0.1", port: 0, db: handle.db, token });
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  printFuzzReports(reports, { seed, unhandledRejections: unhandled.length });
  await listener?.close();
  await handle?.close();
});

const share = (part: keyof typeof shares) => Math.max(1, Math.round(runs * shares[part]));
// Scales with the number of inputs: a 100,000-input run takes minutes.
const timeout = 60_000 + runs * 20;

describe(`fuzzing the real handlers (seed ${seed})`, () => {
  it("the relay listener answers every member post with 2xx or 4xx, never 5xx", { timeout }, async () => {
    const posts = alertmanagerPosts(world, token);
    const report = await fuzzTarget(
      "webhook listener",
      posts.member,
      alertmanagerEndpoint(listener.url, "/api/alertmanager/webhook"),
      { runs: share("webhook"), seed },
    );
    reports.push(report);
    expect(report.findings).toEqual([]);
  });

  it("the relay listener answers every infra post with 2xx or 4xx, never 5xx", { timeout }, async () => {
    const posts = alertmanagerPosts(world, token);
    const report = await fuzzTarget(
      "infra listener",
      posts.infra,
      alertmanagerEndpoint(listener.url, "/api/alertmanager/infra"),
      { runs: share("infra"), seed },
    );
    reports.push(report);
    expect(report.findings).toEqual([]);
  });

  it("every server action answers any form from any caller without throwing", { timeout }, async () => {
    const report = await fuzzTarget("server actions", actionInputs(world), serverActionHandler(world), {
      runs: share("actions"),
      seed,
      concurrency: 4,
    });
    reports.push(report);
    expect(report.findings).toEqual([]);
  });

  it("the bots answer every command with a non-empty message", { timeout }, async () => {
    const report = await fuzzTarget("bot commands", chatMessages(world), botCommandHandler(handle.db, world), {
      runs: share("bot"),
      seed,
    });
    reports.push(report);
    expect(report.findings).toEqual([]);
  });

  it("left no promise rejection unhandled", () => {
    expect(unhandled).toEqual([]);
  });
});
