import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDevEnvironment } from "@/scripts/dev/environment";

/** Starts the built portal with every real peer (OIDC provider, monitoring stack, Synapse) on loopback. */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigie-e2e-"));
  const environment = await startDevEnvironment({ dataDir, synapse: true, log: (line) => console.log(line) });
  if (!environment.stack) throw new Error(`the e2e tests need the monitoring stack: ${environment.stackMissing}`);
  const synapse = environment.synapse!;
  process.env.E2E_BASE_URL = environment.baseUrl;
  process.env.E2E_SYNAPSE_URL = synapse.url;
  process.env.E2E_MAIL_INBOX = environment.mailInboxUrl;
  process.env.E2E_BOT_USER_ID = synapse.botUserId;
  for (const name of ["alice", "bob"]) {
    const user = await synapse.registerUser(name, `${name}-matrix-password`);
    process.env[`E2E_${name.toUpperCase()}_MATRIX_ID`] = user.userId;
    process.env[`E2E_${name.toUpperCase()}_MATRIX_TOKEN`] = user.accessToken;
  }
  return () => environment.stop();
}
