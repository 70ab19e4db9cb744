import { homePage } from "./pages/home-page";
import { seedAccount } from "./support/accounts";
import { expect, test } from "./support/test";

// The one test that signs in as a person does, through the identity provider's form; the others sign in over HTTP
// (support/api-sign-in.ts) and each seeds its own member.
test("a member signs in through the identity provider's login form", async ({ page }) => {
  const account = await seedAccount("Alice");
  await homePage(page).signInWithForm(account.login);
  await expect(page).toHaveURL(/\/fr\/dashboard$/);
});
