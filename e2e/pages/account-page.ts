import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";

/** "Mon compte": the data export and the account's deletion. */
export function accountPage(page: Page) {
  return {
    goto: () => page.goto("/fr/account"),
    /** Downloads the export as the browser saves it, and returns its JSON. */
    async exportData(): Promise<unknown> {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: "Télécharger mes données (JSON)" }).click();
      return JSON.parse(await readFile((await (await download).path())!, "utf8"));
    },
    async deleteAccount(confirmation: string) {
      await page.getByLabel("Pour confirmer, tapez SUPPRIMER").fill(confirmation);
      await page.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
    },
  };
}

/** The member's data as the export API returns it (the parts the tests read). */
export async function exportOverHttp(page: Page) {
  return (await (await page.request.get("/api/account/export")).json()) as {
    member: { id: string };
    targets: { id: string; label: string }[];
  };
}
