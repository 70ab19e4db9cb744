import { randomBytes } from "node:crypto";
import { type DemoAccount, testAccountsPath } from "@/scripts/oidc/demo-accounts";
import { registerUser } from "@/scripts/synapse/register-user";
import type { MatrixUser } from "./matrix-client";

/** A member of one test only: its login, e-mail and name are unique, so tests share nothing and run in parallel. */
export type TestAccount = DemoAccount;

/**
 * Adds an account to the local identity provider (which takes them in the e2e run only: `acceptTestAccounts`).
 * `name` is what the test calls the member ("Alice"); the display name gets the same unique suffix as the login.
 */
export async function seedAccount(name: string, options: { admin?: boolean } = {}): Promise<TestAccount> {
  const suffix = randomBytes(4).toString("hex");
  const login = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${suffix}`;
  const account: TestAccount = {
    login,
    name: `${name} ${suffix}`,
    email: `${login}@example.org`,
    groups: options.admin ? ["vpn-members", "vigie-admins"] : ["vpn-members"],
  };
  const response = await fetch(new URL(testAccountsPath, process.env.E2E_OIDC_ISSUER), {
    method: "POST",
    body: JSON.stringify(account),
  });
  if (response.status !== 201)
    throw new Error(`the identity provider refused test account ${login}: HTTP ${response.status}`);
  return account;
}

/** The member's own Matrix account on the run's Synapse (shared-secret registration, as the global setup's bot). */
export async function seedMatrixUser(account: TestAccount): Promise<MatrixUser> {
  const homeserverUrl = process.env.E2E_SYNAPSE_URL!;
  const user = await registerUser({
    url: homeserverUrl,
    sharedSecret: process.env.E2E_SYNAPSE_SHARED_SECRET!,
    localpart: account.login,
    password: `${account.login}-matrix-password`,
    admin: false,
  });
  return { userId: user.userId, accessToken: user.accessToken, homeserverUrl };
}
