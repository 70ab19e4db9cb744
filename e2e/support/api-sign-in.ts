import { request } from "@playwright/test";
import { demoPassword } from "@/scripts/oidc/demo-accounts";

type StorageState = Awaited<ReturnType<Awaited<ReturnType<typeof request.newContext>>["storageState"]>>;

/**
 * Signs `login` in over HTTP, the way the browser does but without drawing a page: next-auth's sign-in POST, the
 * identity provider's login form posted directly, its consent, then the portal's callback, which is counted by the
 * login limit like any other. Returns the cookies (the session) for a browser context.
 */
export async function signInOverHttp(login: string): Promise<StorageState> {
  const baseURL = process.env.E2E_BASE_URL!;
  const http = await request.newContext({ baseURL });
  try {
    const { csrfToken } = (await (await http.get("/api/auth/csrf")).json()) as { csrfToken: string };
    // Redirected to the identity provider's login interaction.
    const loginPage = await http.post("/api/auth/signin/oidc", {
      form: { csrfToken, callbackUrl: `${baseURL}/fr/dashboard` },
    });
    if (!/\/interaction\/[^/]+$/.test(loginPage.url()))
      throw new Error(`sign-in of ${login} did not reach the login form: ${loginPage.url()}`);
    // The provider finishes login then consent, and sends the code to the portal's callback, which sets the session.
    const signedIn = await http.post(loginPage.url(), { form: { login, password: demoPassword } });
    if (!signedIn.ok() || !signedIn.url().startsWith(`${baseURL}/fr/dashboard`)) {
      throw new Error(`sign-in of ${login} ended at ${signedIn.url()} (HTTP ${signedIn.status()})`);
    }
    return await http.storageState();
  } finally {
    await http.dispose();
  }
}
