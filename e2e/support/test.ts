import { type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import { seedAccount, type TestAccount } from "./accounts";
import { signInOverHttp } from "./api-sign-in";

/** A member seeded for this test, signed in, on their dashboard in a browser context of their own. */
export type SignedInMember = { account: TestAccount; page: Page };

type Fixtures = {
  /** Seeds a member of this test only ("Alice" becomes alice-<unique>) and signs them in without the login form. */
  signUp: (name: string, options?: { admin?: boolean }) => Promise<SignedInMember>;
  /** Signs an account in again, in a new browser context (as after signing out). */
  signIn: (account: TestAccount) => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  signIn: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (account) => {
      const context = await browser.newContext({ storageState: await signInOverHttp(account.login) });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto("/fr/dashboard");
      await expect(page.getByRole("link", { name: "Mes cibles" })).toBeVisible();
      return page;
    });
    for (const context of contexts) await context.close();
  },
  signUp: async ({ signIn }, provide) => {
    await provide(async (name, options) => {
      const account = await seedAccount(name, options);
      return { account, page: await signIn(account) };
    });
  },
});

export { expect };
