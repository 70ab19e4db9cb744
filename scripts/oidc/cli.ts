import { startOidcProvider } from "./provider";

const port = Number(process.env.OIDC_PORT ?? 9400);
const publicUrl = process.env.PUBLIC_URL ?? "http://localhost:3000";
const provider = await startOidcProvider({
  port,
  client: {
    clientId: process.env.OIDC_CLIENT_ID ?? "vigie-demo",
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? "vigie-demo-secret",
    redirectUris: [`${publicUrl}/api/auth/callback/oidc`],
  },
});
console.log(`OIDC provider: ${provider.issuer}`);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void provider.stop().then(() => process.exit(0)));
