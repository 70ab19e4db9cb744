import { expect, type Page } from "@playwright/test";
import { demoPassword } from "@/scripts/oidc/demo-accounts";

/** The signed-out home page, and the local identity provider's login form it leads to. */
export function homePage(page: Page) {
  const signInButton = page.getByRole("button", { name: "Se connecter avec mon compte VPN" });
  return {
    signInButton,
    /** The one way in that a person takes: the button, then the provider's form (e2e/sign-in.spec.ts). */
    async signInWithForm(login: string) {
      await page.goto("/fr");
      await signInButton.click();
      await page.getByLabel("Identifiant").fill(login);
      await page.getByLabel("Mot de passe").fill(demoPassword);
      await page.getByRole("button", { name: "Se connecter" }).click();
      await expect(page).not.toHaveURL(/\/interaction\//);
      await expect(page.getByRole("link", { name: "Mes cibles" })).toBeVisible();
    },
  };
}
