import { expect, type Page } from "@playwright/test";

const weekDays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

/** "Réglages": the member's quiet hours. */
export function settingsPage(page: Page) {
  const enabled = page.getByLabel("Activer les heures calmes");
  const save = page.getByRole("button", { name: "Enregistrer" });
  return {
    /** Quiet hours every day from `start` to `end` ("HH:MM", the member's time zone), critical alerts held too. */
    async setQuietHours(start: string, end: string) {
      await page.getByRole("link", { name: "Réglages" }).click();
      await enabled.check();
      for (const day of weekDays) await page.getByRole("checkbox", { name: day, exact: true }).check();
      await page.getByLabel("Début", { exact: true }).fill(start);
      await page.getByLabel("Fin", { exact: true }).fill(end);
      await page.getByLabel("Laisser passer les alertes critiques").uncheck();
      await save.click();
      await expect(page.getByText("Vos réglages sont enregistrés.")).toBeVisible();
    },
    async endQuietHours() {
      await enabled.uncheck();
      await save.click();
    },
  };
}
