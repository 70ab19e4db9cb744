import { z } from "zod";
import { parseSecretKey } from "@/lib/crypto";
import { isIpLiteral } from "@/lib/net/host";

const list = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(/[\s,]+/)
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** host:port, IPv6 in brackets ([::1]:9465); parsed to the host without brackets and the port. */
const hostPort = z
  .string()
  .regex(/^(?:\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, "expected host:port")
  .transform((value) => {
    const separator = value.lastIndexOf(":");
    return { host: value.slice(0, separator).replace(/^\[(.*)\]$/, "$1"), port: Number(value.slice(separator + 1)) };
  });

/**
 * IP addresses only, IPv6 with or without brackets: a name that stopped resolving would silently lift the
 * protection of the servers it names, on every target check and every outbound request.
 */
const ipLiterals = list
  .transform((items) => items.map((item) => item.replace(/^\[(.*)\]$/, "$1")))
  .refine((items) => items.every(isIpLiteral), {
    error: "expected IP addresses (e.g. 192.0.2.10, 2001:db8::10), not host names",
  });

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  VIGIE_DATA_DIR: z.string().default("./data"),
  PUBLIC_URL: z.url().default("http://localhost:3000"),

  AUTH_SECRET: z.string().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  OIDC_ADMIN_GROUP: z.string().default("vigie-admins"),

  /** CIDR prefixes that targets may use even though they are loopback/private/reserved (demo: 127.0.0.1/32). */
  TARGET_ALLOWED_NETWORKS: list,
  // Targets (member self-service): approval and the monitoring servers' own addresses.
  /** CIDR prefixes whose brick/ping/tcp targets start active; elsewhere they wait for an admin (demo: 127.0.0.1/32). */
  TARGET_AUTO_APPROVED_NETWORKS: list,
  /** IP addresses of the monitoring servers: probes and outbound requests to them are refused unless allow-listed. */
  MONITORING_HOSTS: ipLiterals,
  /**
   * CIDR prefixes the guarded HTTP client (members' Gotify servers, webhooks) may call although not public unicast.
   * Separate from TARGET_ALLOWED_NETWORKS: a range opened for probing is not opened for POSTs carrying secrets.
   */
  OUTBOUND_ALLOWED_NETWORKS: list,
  LINK_TOKEN_TTL_MINUTES: z.coerce.number().int().positive().default(30),

  /** Bearer credential Alertmanager presents to the relay webhook. */
  WEBHOOK_TOKEN: z.string().min(16).optional(),
  /** Where the portal writes file_sd/, rules/ and alertmanager.yml. */
  MONITORING_CONFIG_DIR: z.string().optional(),
  ALERTMANAGER_URL: z.url().optional(),
  /**
   * vmalert, or one per tier (comma-separated: the default one and each tier's): each is reloaded after the rules
   * change. One URL, as before the tiers, still works.
   */
  VMALERT_URL: list.pipe(z.array(z.url())),
  VICTORIA_METRICS_URL: z.url().optional(),
  /**
   * vmagent: reloaded when a kind moves to another tier (its relabelling, MONITORING_CONFIG_DIR/vmagent-relabel.yml),
   * and asked which tiers it writes to (a tier it has no remote write for fails the sync run, naming it).
   */
  VMAGENT_URL: z.url().optional(),
  /** vmauth as the portal reaches it (reload and check): it fronts every tier's VictoriaMetrics. */
  VMAUTH_URL: z.url().optional(),
  /** vmauth's `-reloadAuthKey`: without it anyone reaching vmauth could make it reload. */
  VMAUTH_RELOAD_KEY: z.string().min(16).optional(),
  /** vmauth as antennas reach it from the squats (written into their bundles): `https://metrics.example.org`. */
  ANTENNA_WRITE_URL: z.url().optional(),
  /** The hub's own alertmanager.yml: Vigie renders base + member routes, never edits the base. */
  ALERTMANAGER_BASE_CONFIG: z.string().optional(),
  /** Where Alertmanager reaches the relay; defaults to the RELAY_LISTEN listener's, else PUBLIC_URL + /api/alertmanager/webhook. */
  RELAY_WEBHOOK_URL: z.url().optional(),
  /** "fast" shrinks scrape, evaluation and grouping intervals to seconds (demo and tests). */
  MONITORING_TIMINGS: z.enum(["production", "fast"]).default("production"),
  AMTOOL_BIN: z.string().default("amtool"),
  VMALERT_BIN: z.string().default("vmalert"),
  /** Dry-runs each vmagent-relabel.yml before it is written. */
  VMAGENT_BIN: z.string().default("vmagent"),
  /** Checks each vmauth.yml before it is written, by starting a throwaway vmauth on it (1.79 has no dry run). */
  VMAUTH_BIN: z.string().default("vmauth"),

  MATRIX_HOMESERVER_URL: z.url().optional(),
  MATRIX_BOT_USER_ID: z.string().optional(),
  MATRIX_BOT_ACCESS_TOKEN: z.string().optional(),
  // --- Matrix end-to-end encryption ---
  /**
   * The bot account's password: with it the worker logs in as a new device at each start and reads and sends in
   * encrypted rooms (its device id is kept in VIGIE_DATA_DIR/matrix/ so the next start deletes it). Unset: plain
   * rooms only, with MATRIX_BOT_ACCESS_TOKEN.
   */
  MATRIX_BOT_PASSWORD: z.string().min(1).optional(),
  // --- end of Matrix end-to-end encryption ---

  // --- Channels (Mattermost, Gotify, e-mail) ---
  /** 32 random bytes, base64: encrypts third-party secrets (Gotify tokens). Needed once a Gotify channel exists. */
  VIGIE_SECRET_KEY: z.string().optional(),
  /** The Mattermost server the bot lives on, and the bot account's access token and user name (shown to members). */
  MATTERMOST_URL: z.url().optional(),
  MATTERMOST_BOT_TOKEN: z.string().optional(),
  MATTERMOST_BOT_USERNAME: z.string().optional(),
  /** Outgoing mail: smtp://user:pass@host:port (smtps:// for implicit TLS) and the sender address. */
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().optional(),
  // --- end of channels ---

  // --- Metrics (/metrics for Prometheus/vmagent) ---
  /** Bearer credential the scraper presents to /metrics; unset: /metrics is refused unless METRICS_OPEN=true. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** "true" serves /metrics without a token (a listener only the scraper can reach); anything else keeps it closed. */
  METRICS_OPEN: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  /** host:port where the standalone worker serves its own /metrics (e.g. 127.0.0.1:9465, [::1]:9465); unset: none. */
  WORKER_METRICS_LISTEN: hostPort.optional(),
  // --- end of metrics ---

  // --- Relay listener (Alertmanager posts outside Next.js) ---
  /**
   * host:port where the process running the worker serves Alertmanager's webhook posts (e.g. 127.0.0.1:9466), at
   * ~1/10 of the CPU per post of the portal's route; the rendered webhook URL points there unless RELAY_WEBHOOK_URL
   * says otherwise. Needs WEBHOOK_TOKEN. Unset: Alertmanager posts to the portal.
   */
  RELAY_LISTEN: hostPort.optional(),
  // --- end of relay listener ---

  // --- Limits (abuse by a member account, or by anyone on the login and chat paths) ---
  /** Targets one member may declare (admins are not limited): a brick, a VPN link or two, a few VPS and hosts. */
  MEMBER_MAX_TARGETS: z.coerce.number().int().positive().default(20),
  /** Channels one member may declare (admins are not limited): each alert is sent to every one of them. */
  MEMBER_MAX_CHANNELS: z.coerce.number().int().positive().default(5),
  /** Seconds between two verification sends (mail, Gotify code, chat token) of one member to one address. */
  VERIFICATION_COOLDOWN_SECONDS: z.coerce.number().int().nonnegative().default(60),
  /** Verification mails and Gotify pushes one address may receive per hour, whichever members ask. */
  VERIFICATION_MAX_PER_ADDRESS_PER_HOUR: z.coerce.number().int().positive().default(5),
  /** Verifications one member may ask for per hour over all addresses, failed sends included. */
  VERIFICATION_MAX_PER_MEMBER_PER_HOUR: z.coerce.number().int().positive().default(10),
  /** Login callbacks (/api/auth/callback/…) one client address may make per minute (429 beyond). */
  LOGIN_CALLBACKS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /**
   * Reverse proxies in front of the portal that append the client's address to X-Forwarded-For (the hub's nginx:
   * 1). 0: the portal is reached directly, and the header is not trusted beyond what Next.js itself sets.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().nonnegative().max(10).default(0),
  /** Commands one chat account may send the bots per minute; one "slow down" answer, then silence. */
  BOT_COMMANDS_PER_MINUTE: z.coerce.number().int().positive().default(10),
  // --- end of limits ---

  /** Run the worker inside the web process: always with PGlite, optional with PostgreSQL. */
  WORKER_EMBEDDED: z.enum(["auto", "true", "false"]).default("auto"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parsed lazily: `next build` imports modules without the runtime environment. */
export function env(): Env {
  // An empty variable means "not set", as in a systemd environment file with `KEY=`.
  cached ??= envSchema.parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")));
  return cached;
}

/**
 * VIGIE_SECRET_KEY parsed, or null when it is not set (the features that store secrets then refuse, each in its
 * own words). A malformed key throws SecretKeyError, saying what to set: a typo must not pass for "no key".
 */
export function secretKeyFromEnv(settings: Pick<Env, "VIGIE_SECRET_KEY"> = env()): Buffer | null {
  return settings.VIGIE_SECRET_KEY ? parseSecretKey(settings.VIGIE_SECRET_KEY) : null;
}

export function resetEnvForTests(): void {
  cached = undefined;
}
