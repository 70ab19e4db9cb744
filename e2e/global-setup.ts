import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeMattermost } from "@/lib/testing/relay/mattermost.fake";
import { startDevEnvironment } from "@/scripts/dev/environment";
import { gotifyStandInHost } from "./support/gotify-stand-in";

/**
 * The stand-in Mattermost's accounts (user id → username): the bot, and for each test that links a channel its own
 * user, `mm-<username>` (the specs run in other processes, so the directory answers any such id).
 */
const mattermostUsers = new Proxy<Record<string, string>>(
  { "mm-bot": "vigie" },
  {
    get: (known, id) =>
      typeof id !== "string" ? undefined : (known[id] ?? (id.startsWith("mm-") ? id.slice(3) : undefined)),
  },
);

/**
 * Starts the built portal with every real peer (OIDC provider, monitoring stack, Synapse) on loopback, and a
 * stand-in for Mattermost, which cannot run here, following its documented API.
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigie-e2e-"));
  const botToken = "mattermost-e2e-bot-token";
  const mattermost = await startFakeMattermost({ token: botToken, botId: "mm-bot", users: mattermostUsers });
  const environment = await startDevEnvironment({
    dataDir,
    // A second tier for antennas, with its own instance that vmagent writes: antenna-dashboard.spec.ts moves one there.
    extraTiers: [{ key: "squats-bis", name: "Squats bis", retention: "3y" }],
    synapse: true,
    mattermost: { url: mattermost.url, botToken, botUsername: "vigie" },
    // The Gotify stand-in of self-service.spec.ts; 127.0.0.1, where the hub's services listen, stays closed.
    outboundAllowedNetworks: [`${gotifyStandInHost}/32`],
    // Each test seeds its own members at the identity provider (support/accounts.ts).
    oidcTestAccounts: true,
    // Every spec signs in from 127.0.0.1, often more than the default 10 a minute; the limit has its own tests.
    loginCallbacksPerMinute: 1000,
    log: (line) => console.log(line),
  });
  if (!environment.stack) throw new Error(`the e2e tests need the monitoring stack: ${environment.stackMissing}`);
  const synapse = environment.synapse!;
  process.env.E2E_BASE_URL = environment.baseUrl;
  process.env.E2E_OIDC_ISSUER = environment.oidcIssuer;
  process.env.E2E_SYNAPSE_URL = synapse.url;
  process.env.E2E_SYNAPSE_SHARED_SECRET = synapse.sharedSecret;
  process.env.E2E_MAIL_INBOX = environment.mailInboxUrl;
  process.env.E2E_METRICS_TOKEN = environment.metricsToken;
  process.env.E2E_VICTORIA_METRICS_URL = environment.stack.urls.victoriaMetrics;
  // Every instance, the tiers' too: a series written for the dashboard must reach the tier its kind is read from.
  process.env.E2E_VICTORIA_METRICS_URLS = [
    environment.stack.urls.victoriaMetrics,
    ...Object.values(environment.stack.urls.tiers).map((tier) => tier.victoriaMetrics),
  ].join(",");
  process.env.E2E_BOT_USER_ID = synapse.botUserId;
  process.env.E2E_MATTERMOST_URL = mattermost.url;
  return async () => {
    await environment.stop();
    await mattermost.close();
  };
}
