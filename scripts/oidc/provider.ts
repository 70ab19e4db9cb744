import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";
import { type DemoAccount, demoAccounts, demoPassword, testAccountsPath } from "./demo-accounts";

export type OidcClientRegistration = { clientId: string; clientSecret: string; redirectUris: string[] };
export type RunningOidcProvider = { issuer: string; stop: () => Promise<void> };

/**
 * A local OpenID Connect provider for the demo and the tests. It must be reached as `localhost`
 * everywhere: mixing 127.0.0.1 and localhost breaks the redirect_uri check.
 *
 * This provider is a development tool: the portal never starts it (production names a real identity provider in
 * OIDC_ISSUER). `acceptTestAccounts` adds accounts at run time, each test its own (`POST /__e2e/accounts`, a
 * DemoAccount in JSON, password "demo"); only the e2e global setup turns it on.
 */
export async function startOidcProvider(options: {
  port?: number;
  client: OidcClientRegistration;
  accounts?: DemoAccount[];
  acceptTestAccounts?: boolean;
}): Promise<RunningOidcProvider> {
  const accounts = [...(options.accounts ?? demoAccounts)];
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Interaction: 3600, Session: 86_400, Grant: 86_400, AccessToken: 3600, IdToken: 3600, AuthorizationCode: 60 },
    cookies: { keys: ["vigie-demo-oidc-cookie-key"] },
    findAccount: (_ctx, sub) => {
      const account = accounts.find((candidate) => candidate.login === sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, name: account.name, email: account.email, email_verified: true, groups: account.groups }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidc = provider.callback();

  server.on("request", (req, res) => {
    if (options.acceptTestAccounts && req.method === "POST" && req.url === testAccountsPath) {
      addTestAccount(accounts, req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? "");
    if (!match) return oidc(req, res);
    handleInteraction(provider, accounts, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Login with a demo account, then consent on the user's behalf: the portal is a first-party client. */
async function handleInteraction(
  provider: Provider,
  accounts: DemoAccount[],
  req: IncomingMessage,
  res: ServerResponse,
) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "login") {
    if (req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const login = form.get("login") ?? "";
      const known = accounts.some((account) => account.login === login);
      if (known && form.get("password") === demoPassword) {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      return sendLoginPage(res, details.uid, "Identifiant ou mot de passe incorrect / Wrong login or password");
    }
    return sendLoginPage(res, details.uid);
  }
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
  if (!grant) throw new Error("grant_not_found");
  const missingScope = details.prompt.details.missingOIDCScope as string[] | undefined;
  if (missingScope) grant.addOIDCScope(missingScope.join(" "));
  const missingClaims = details.prompt.details.missingOIDCClaims as string[] | undefined;
  if (missingClaims) grant.addOIDCClaims(missingClaims);
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

async function addTestAccount(accounts: DemoAccount[], req: IncomingMessage, res: ServerResponse) {
  const account = JSON.parse(await readBody(req)) as DemoAccount;
  const valid =
    typeof account.login === "string" &&
    /^[a-z0-9-]{1,64}$/.test(account.login) &&
    typeof account.name === "string" &&
    typeof account.email === "string" &&
    Array.isArray(account.groups) &&
    account.groups.every((group) => typeof group === "string");
  const taken = accounts.some((candidate) => candidate.login === account.login);
  res.statusCode = !valid ? 400 : taken ? 409 : 201;
  if (valid && !taken)
    accounts.push({ login: account.login, name: account.name, email: account.email, groups: account.groups });
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) body += chunk;
  return body;
}

function sendLoginPage(res: ServerResponse, uid: string, error?: string) {
  const logins = demoAccounts.map((account) => account.login).join(", ");
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.statusCode = error ? 401 : 200;
  res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Connexion (démo)</title></head>
<body style="font-family:sans-serif;max-width:24rem;margin:3rem auto">
<h1>Fournisseur d'identité local (démo)</h1>
<p>Comptes de démo : ${logins} — mot de passe : <code>${demoPassword}</code></p>
${error ? `<p role="alert" style="color:#b00">${error}</p>` : ""}
<form method="post" action="/interaction/${uid}">
<label>Identifiant <input name="login" autocomplete="username" required></label><br><br>
<label>Mot de passe <input name="password" type="password" autocomplete="current-password" required></label><br><br>
<button type="submit">Se connecter</button>
</form></body></html>`);
}
