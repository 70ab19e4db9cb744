import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fastTimings } from "@/lib/monitoring/timings";
import { findFreePort } from "@/lib/net/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { startMailSink } from "@/scripts/mail/mail-sink";
import { demoAccounts, demoPassword } from "@/scripts/oidc/demo-accounts";
import { startOidcProvider } from "@/scripts/oidc/provider";
import { type Stack, startStack } from "@/scripts/stack/stack";
import { type SynapseServer, startSynapse, synapsePython } from "@/scripts/synapse/start-synapse";
import { type ExtraDevTier, placeDevTiers, planDevTiers } from "./tiers";

export type DevEnvironmentOptions = {
  /** Everything the run writes: the PGlite database, the monitoring config, the stack's data, logs. */
  dataDir: string;
  /** Tiers beyond the notes', each with its own instance and vmalert, that vmagent writes (the e2e hub's). */
  extraTiers?: ExtraDevTier[];
  webPort?: number;
  oidcPort?: number;
  /** "auto": start Synapse when its virtualenv exists (the demo); true: required (e2e). */
  synapse: boolean | "auto";
  registerDemoMatrixAccounts?: boolean;
  /** A Mattermost server for the bot and the transport (the e2e tests use a stand-in: none can run here). */
  mattermost?: { url: string; botToken: string; botUsername: string };
  /**
   * OUTBOUND_ALLOWED_NETWORKS: where members' servers (Gotify) may be although not public. Empty by default, the demo
   * included: the hub's own services listen on 127.0.0.1, so the e2e's Gotify stand-in has 127.0.0.2 to itself.
   */
  outboundAllowedNetworks?: string[];
  /** The identity provider takes accounts added at run time (each e2e test signs in as its own member). */
  oidcTestAccounts?: boolean;
  /** LOGIN_CALLBACKS_PER_MINUTE; unset: the portal's default. */
  loginCallbacksPerMinute?: number;
  log?: (line: string) => void;
};

export type DevEnvironment = {
  baseUrl: string;
  oidcIssuer: string;
  mailInboxUrl: string;
  /** The bearer token /metrics asks for (kept in the data folder with the other secrets). */
  metricsToken: string;
  stack: Stack | null;
  stackMissing: string | null;
  /** With Synapse: the bot, and one Matrix account per demo member (password "demo") to log in with any client. */
  synapse: (SynapseServer & { botUserId: string; memberAccounts: string[] }) | null;
  stop(): Promise<void>;
};

/**
 * Starts the portal as it runs in production, but with embedded defaults: PGlite, the local OIDC provider,
 * the real monitoring stack when its Debian packages are installed, and a local Synapse for the Matrix bot.
 * Needs a production build (`next build`).
 */
/** A fixed password: the demo's homeserver lives on between runs and only listens on loopback. */
const botPassword = "vigie-demo-bot";

export async function startDevEnvironment(options: DevEnvironmentOptions): Promise<DevEnvironment> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const webPort = options.webPort ?? (await findFreePort());
  const baseUrl = `http://localhost:${webPort}`;
  const configDir = path.join(dataDir, "monitoring");
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
  };

  try {
    const oidcClient = {
      clientId: "vigie-demo",
      clientSecret: randomBytes(16).toString("hex"),
      redirectUris: [`${baseUrl}/api/auth/callback/oidc`],
    };
    const oidc = await startOidcProvider({
      port: options.oidcPort ?? (await findFreePort()),
      client: oidcClient,
      acceptTestAccounts: options.oidcTestAccounts ?? false,
    });
    stoppers.push(oidc.stop);
    log(`identity provider  ${oidc.issuer}`);

    const mail = await startMailSink({ dir: path.join(dataDir, "mail") });
    stoppers.push(mail.stop);
    log(`mail (SMTP sink)   ${mail.smtpUrl}, received mail listed at ${mail.inboxUrl}`);

    let stack: Stack | null = null;
    let stackMissing: string | null = null;
    try {
      // One VictoriaMetrics and vmalert per default tier (seeded from the notes when the hub has none).
      const tiers = planDevTiers(dataDir, options.extraTiers);
      stack = await startStack({
        workDir: path.join(dataDir, "stack"),
        configDir,
        timings: fastTimings,
        tiers,
        // The antennas' info series, which the antenna rules join with (scrapes fail until the portal is up).
        portalMetrics: { url: `${baseUrl}/metrics/antennas`, bearerToken: persistentSecrets(dataDir).METRICS_TOKEN },
      });
      stoppers.push(() => stack!.stop());
      placeDevTiers(dataDir, tiers, stack.urls.tiers, stack.urls.vmauth, persistentSecrets(dataDir).VIGIE_SECRET_KEY);
      log(`monitoring stack   Alertmanager ${stack.urls.alertmanager}, VictoriaMetrics ${stack.urls.victoriaMetrics}`);
      for (const tier of tiers) {
        log(`  tier ${tier.key.padEnd(13)}${stack.urls.tiers[tier.id]!.victoriaMetrics} (${tier.retention})`);
      }
    } catch (error) {
      stackMissing = error instanceof Error ? error.message : String(error);
      log(`monitoring stack   not started — ${stackMissing}`);
    }

    let synapse: DevEnvironment["synapse"] = null;
    let botAccessToken = "";
    if (options.synapse === true || (options.synapse === "auto" && existsSync(synapsePython()))) {
      const server = await startSynapse({ workDir: path.join(dataDir, "synapse") });
      stoppers.push(server.stop);
      const bot = await server.registerUser("vigie", botPassword);
      const memberAccounts = options.registerDemoMatrixAccounts
        ? await Promise.all(
            demoAccounts.map(async (account) => (await server.registerUser(account.login, demoPassword)).userId),
          )
        : [];
      synapse = { ...server, botUserId: bot.userId, memberAccounts };
      botAccessToken = bot.accessToken;
      log(`Matrix homeserver  ${server.url} (bot ${bot.userId})`);
    } else {
      log("Matrix homeserver  not started — run scripts/synapse/install.sh to install Synapse from PyPI");
    }

    const relayPort = await findFreePort();
    const secrets = persistentSecrets(dataDir);
    const web = startService(
      "web",
      path.resolve("node_modules/.bin/next"),
      ["start", "-H", "127.0.0.1", "-p", String(webPort)],
      {
        logDir: dataDir,
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          VIGIE_DATA_DIR: dataDir,
          DATABASE_URL: "",
          PUBLIC_URL: baseUrl,
          ...secrets,
          OIDC_ISSUER: oidc.issuer,
          OIDC_CLIENT_ID: oidcClient.clientId,
          OIDC_CLIENT_SECRET: oidcClient.clientSecret,
          TARGET_ALLOWED_NETWORKS: "127.0.0.1/32",
          OUTBOUND_ALLOWED_NETWORKS: (options.outboundAllowedNetworks ?? []).join(","),
          ...(options.loginCallbacksPerMinute
            ? { LOGIN_CALLBACKS_PER_MINUTE: String(options.loginCallbacksPerMinute) }
            : {}),
          TARGET_AUTO_APPROVED_NETWORKS: "127.0.0.1/32",
          SMTP_URL: mail.smtpUrl,
          MAIL_FROM: "Vigie <vigie@localhost>",
          WEBHOOK_TOKEN: randomBytes(24).toString("base64url"),
          // Alertmanager posts to the relay's own listener (in the web process, which runs the worker with PGlite).
          RELAY_LISTEN: `127.0.0.1:${relayPort}`,
          RELAY_WEBHOOK_URL: `http://127.0.0.1:${relayPort}/api/alertmanager/webhook`,
          MONITORING_CONFIG_DIR: configDir,
          MONITORING_TIMINGS: "fast",
          ALERTMANAGER_URL: stack?.urls.alertmanager ?? "",
          // The default vmalert first, then each tier's: all are reloaded when the rules change.
          VMALERT_URL: stack
            ? [...new Set([stack.urls.vmalert, ...Object.values(stack.urls.tiers).map((t) => t.vmalert)])].join(",")
            : "",
          VICTORIA_METRICS_URL: stack?.urls.victoriaMetrics ?? "",
          VMAGENT_URL: stack?.urls.vmagent ?? "",
          VMAUTH_URL: stack?.urls.vmauth ?? "",
          VMAUTH_RELOAD_KEY: stack?.vmauthReloadKey ?? "",
          // Antennas on the demo's machine reach vmauth where the portal does.
          ANTENNA_WRITE_URL: stack?.urls.vmauth ?? "",
          MATRIX_HOMESERVER_URL: synapse?.url ?? "",
          MATRIX_BOT_USER_ID: synapse?.botUserId ?? "",
          MATRIX_BOT_ACCESS_TOKEN: botAccessToken,
          // With its password the bot keeps an encrypting device (state under VIGIE_DATA_DIR/matrix): Element's DMs work.
          MATRIX_BOT_PASSWORD: synapse ? botPassword : "",
          MATTERMOST_URL: options.mattermost?.url ?? "",
          MATTERMOST_BOT_TOKEN: options.mattermost?.botToken ?? "",
          MATTERMOST_BOT_USERNAME: options.mattermost?.botUsername ?? "",
        },
      },
    );
    stoppers.push(() => stopServices([web]));
    await waitForHealthy(web, `http://127.0.0.1:${webPort}/api/health`, 60_000);
    await waitForHealthy(web, `http://127.0.0.1:${relayPort}/healthz`);
    log(`portal             ${baseUrl} (Alertmanager posts to 127.0.0.1:${relayPort}; log: ${web.logFile})`);

    return {
      baseUrl,
      oidcIssuer: oidc.issuer,
      mailInboxUrl: mail.inboxUrl,
      metricsToken: secrets.METRICS_TOKEN,
      stack,
      stackMissing,
      synapse,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Kept in the data folder: sessions and encrypted channel secrets must survive a restart of the demo. */
type Secrets = { AUTH_SECRET: string; VIGIE_SECRET_KEY: string; METRICS_TOKEN: string };

function persistentSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, "secrets.json");
  const kept: Partial<Secrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  // A demo folder from before /metrics needed a token gains one; the other secrets stay as they were.
  const secrets: Secrets = {
    AUTH_SECRET: kept.AUTH_SECRET ?? randomBytes(32).toString("base64url"),
    VIGIE_SECRET_KEY: kept.VIGIE_SECRET_KEY ?? randomBytes(32).toString("base64"),
    METRICS_TOKEN: kept.METRICS_TOKEN ?? randomBytes(24).toString("base64url"),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}
