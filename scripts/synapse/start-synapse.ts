import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { findFreePort } from "@/lib/net/free-port";
import { startService, stopServices, waitForHealthy } from "@/scripts/lib/services";
import { type RegisteredUser, registerUser } from "./register-user";

export type SynapseServer = {
  url: string;
  serverName: string;
  /** Milliseconds from spawn until `/_matrix/client/versions` answered. */
  startupMs: number;
  /** For tests in another process that register their own users (`register-user.ts`). */
  sharedSecret: string;
  registerUser(localpart: string, password: string, admin?: boolean): Promise<RegisteredUser>;
  stop(): Promise<void>;
};

const serverName = "localhost";
const startTimeoutMs = 60_000;

/** The interpreter of the virtualenv that scripts/synapse/install.sh fills (kept between runs, outside the clone). */
export function synapsePython(): string {
  const venv = process.env.SYNAPSE_VENV || path.join(homedir(), ".cache/vigie/synapse-venv");
  return process.env.SYNAPSE_PYTHON || path.join(venv, "bin/python");
}

/**
 * Starts a throwaway Synapse for tests and the dev stack: SQLite, loopback only, no federation listener,
 * no outbound key fetching (machines here have no network) and rate limits out of the way of fast tests.
 */
export async function startSynapse(options: { workDir: string }): Promise<SynapseServer> {
  const workDir = path.resolve(options.workDir);
  mkdirSync(workDir, { recursive: true });
  const port = await findFreePort();
  const sharedSecret = randomBytes(24).toString("hex");
  const configPath = path.join(workDir, "homeserver.yaml");
  // JSON is valid YAML: no YAML writer needed.
  writeFileSync(configPath, JSON.stringify(synapseConfig(workDir, port, sharedSecret), null, 2));

  const started = performance.now();
  // Default mode is "generate missing configs and run": the signing key is created offline on first start.
  const synapse = startService(
    "synapse",
    synapsePython(),
    ["-m", "synapse.app.homeserver", "--config-path", configPath],
    {
      logDir: workDir,
      cwd: workDir,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthy(synapse, `${url}/_matrix/client/versions`, startTimeoutMs);
  } catch (error) {
    await stopServices([synapse]);
    throw error;
  }
  return {
    url,
    serverName,
    startupMs: Math.round(performance.now() - started),
    sharedSecret,
    registerUser: (localpart, password, admin = false) =>
      registerUser({ url, sharedSecret, localpart, password, admin }),
    stop: () => stopServices([synapse]),
  };
}

function synapseConfig(workDir: string, port: number, sharedSecret: string) {
  const unlimited = { per_second: 10_000, burst_count: 100_000 };
  return {
    server_name: serverName,
    pid_file: path.join(workDir, "homeserver.pid"),
    signing_key_path: path.join(workDir, "signing.key"),
    media_store_path: path.join(workDir, "media"),
    database: { name: "sqlite3", args: { database: path.join(workDir, "homeserver.db") } },
    listeners: [
      {
        port,
        bind_addresses: ["127.0.0.1"],
        type: "http",
        tls: false,
        x_forwarded: false,
        resources: [{ names: ["client"], compress: false }],
      },
    ],
    enable_registration: false,
    registration_shared_secret: sharedSecret,
    macaroon_secret_key: randomBytes(24).toString("hex"),
    form_secret: randomBytes(24).toString("hex"),
    report_stats: false,
    // Test accounts only: cheap password hashing keeps registration fast.
    bcrypt_rounds: 4,
    enable_metrics: false,
    presence: { enabled: false },
    url_preview_enabled: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    federation_domain_whitelist: [],
    rc_message: unlimited,
    rc_registration: unlimited,
    rc_login: { address: unlimited, account: unlimited, failed_attempts: unlimited },
    rc_joins: { local: unlimited, remote: unlimited },
    rc_joins_per_room: unlimited,
    rc_invites: { per_room: unlimited, per_user: unlimited, per_issuer: unlimited },
    rc_admin_redaction: unlimited,
    rc_3pid_validation: unlimited,
  };
}
