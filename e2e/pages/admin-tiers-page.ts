import type { Page } from "@playwright/test";

/** The admin's "Niveaux de rétention": VictoriaMetrics instances, and the tier each kind of target goes to. */
export function adminTiersPage(page: Page) {
  const addForm = page.locator("form", { has: page.getByRole("button", { name: "Ajouter le niveau" }) });
  const tier = (name: string) =>
    page.locator("li[data-tier-id]", { has: page.getByRole("heading", { name, exact: true }) });
  return {
    goto: () => page.goto("/fr/admin/tiers"),
    tier,
    addForm,
    async add(fields: { name: string; retention: string; writeUrl: string; readUrl: string }) {
      await addForm.getByLabel("Nom", { exact: true }).fill(fields.name);
      await addForm.getByLabel("Rétention", { exact: true }).fill(fields.retention);
      await addForm.getByLabel("Adresse d’écriture", { exact: true }).fill(fields.writeUrl);
      await addForm.getByLabel("Adresse de lecture", { exact: true }).fill(fields.readUrl);
      await addForm.getByRole("button", { name: "Ajouter le niveau" }).click();
    },
    /** The id of the tier named `name`, read from its row. */
    tierId: (name: string) => tier(name).getAttribute("data-tier-id"),
    /** Chooses the tier of one kind of target (its label as the targets page names it). */
    async assign(kind: string, tierName: string) {
      await page.getByLabel(`Niveau de ${kind}`, { exact: true }).selectOption({ label: tierName });
      await page.getByRole("button", { name: `Enregistrer le niveau de ${kind}` }).click();
    },
    deleteButton: (name: string) => page.getByRole("button", { name: `Supprimer le niveau ${name}`, exact: true }),
  };
}
