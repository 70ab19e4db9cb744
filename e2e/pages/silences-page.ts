import { expect, type Page } from "@playwright/test";

/** "Sourdines": silencing a target for a while, and lifting the silence. */
export function silencesPage(page: Page) {
  return {
    async silenceFor(target: string, duration: string) {
      await page.getByRole("link", { name: "Sourdines" }).click();
      await page.getByLabel("À partir de maintenant, pour une durée").check();
      await page.getByLabel("Durée", { exact: true }).fill(duration);
      await page.getByLabel("Cible", { exact: true }).selectOption({ label: target });
      await page.getByRole("button", { name: "Mettre en sourdine" }).click();
      await expect(page.getByText("La sourdine est enregistrée.")).toBeVisible();
    },
    lift: (target: string) => page.getByRole("button", { name: new RegExp(`^Lever la sourdine de ${target}`) }).click(),
  };
}
