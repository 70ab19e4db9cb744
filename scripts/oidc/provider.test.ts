import { createHash, randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type DemoAccount, demoPassword, testAccountsPath } from "./demo-accounts";
import { type RunningOidcProvider, startOidcProvider } from "./provider";

const client = {
  clientId: "vigie-test",
  clientSecret: "secret",
  redirectUris: ["http://localhost:1/api/auth/callback/oidc"],
};
const account: DemoAccount = {
  login: "dora-1234",
  name: "Dora",
  email: "dora-1234@example.org",
  groups: ["vpn-members"],
};
let provider: RunningOidcProvider | undefined;

afterEach(async () => {
  await provider?.stop();
  provider = undefined;
});

const addAccount = (body: unknown) =>
  fetch(new URL(testAccountsPath, provider!.issuer), { method: "POST", body: JSON.stringify(body) });

/** Starts an authorization request and posts the login form: the status of the form's answer (303: signed in). */
async function logIn(login: string): Promise<number> {
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL("/auth", provider!.issuer);
  for (const [name, value] of Object.entries({
    client_id: client.clientId,
    response_type: "code",
    scope: "openid",
    redirect_uri: client.redirectUris[0]!,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }))
    authorize.searchParams.set(name, value);
  const started = await fetch(authorize, { redirect: "manual" });
  const cookies = started.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  const form = new URLSearchParams({ login, password: demoPassword });
  const answer = await fetch(new URL(started.headers.get("location")!, provider!.issuer), {
    method: "POST",
    headers: { cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
  return answer.status;
}

describe("the local identity provider's test accounts", () => {
  it("are refused unless the provider was started for the e2e tests", async () => {
    provider = await startOidcProvider({ client });
    expect((await addAccount(account)).status).toBe(404);
    expect(await logIn(account.login)).toBe(401);
    expect(await logIn("alice")).toBe(303);
  });

  it("sign in once added, each login once, and only well-formed", async () => {
    provider = await startOidcProvider({ client, acceptTestAccounts: true });
    expect(await logIn(account.login)).toBe(401);
    expect((await addAccount(account)).status).toBe(201);
    expect((await addAccount(account)).status).toBe(409);
    expect((await addAccount({ ...account, login: "Dora Tout Court" })).status).toBe(400);
    expect((await addAccount({ login: "eve-1" })).status).toBe(400);
    expect(await logIn(account.login)).toBe(303);
  });
});
