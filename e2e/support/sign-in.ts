import { expect, type Browser, type Page } from "@playwright/test";

/** Signs in through the local OIDC provider's login form (demo accounts, password "demo"). */
export async function signIn(browser: Browser, login: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/fr");
  await page.getByRole("button", { name: "Se connecter avec mon compte VPN" }).click();
  await page.getByLabel("Identifiant").fill(login);
  await page.getByLabel("Mot de passe").fill("demo");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).not.toHaveURL(/\/interaction\//);
  await expect(page.getByRole("link", { name: "Mes cibles" })).toBeVisible();
  return page;
}
