import { expect, type Page } from "@playwright/test";

export const targetAdded = "Cible ajoutée. La surveillance commence dans quelques secondes.";

/** "Mes cibles": the member's targets, the form that adds one, and each target's edit page. */
export function targetsPage(page: Page) {
  const addButton = page.getByRole("button", { name: "Ajouter" });
  return {
    status: page.getByRole("status"),
    kind: page.getByLabel("Type de cible"),
    field: (label: string) => page.getByLabel(label, { exact: true }),
    addButton,
    row: (label: string) => page.getByRole("row", { name: new RegExp(label) }),
    goto: () => page.goto("/fr/targets"),
    /** Through the navigation, as a member does after signing in. */
    async open() {
      await page.getByRole("link", { name: "Mes cibles" }).click();
      await expect(page.getByRole("heading", { name: "Mes cibles" })).toBeVisible();
    },
    /** Fills the form for a target of `kind` (its label in the kind list) and submits it; fields by their label. */
    async add(kind: string, fields: Record<string, string>) {
      await page.goto("/fr/targets");
      await page.getByLabel("Type de cible").selectOption({ label: kind });
      for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
      await addButton.click();
    },
    /** A brick (the form's default kind), added from where the member is, and its row shown. */
    async addBrick(label: string, url: string) {
      await this.open();
      await page.getByLabel("Nom", { exact: true }).fill(label);
      await page.getByLabel("Adresse (URL)").fill(url);
      await addButton.click();
      await expect(page.getByRole("status")).toHaveText(targetAdded);
      await expect(page.getByRole("cell", { name: label, exact: true })).toBeVisible();
    },
    async edit(label: string) {
      await this.row(label)
        .getByRole("link", { name: `Modifier ${label}` })
        .click();
      await expect(page).toHaveURL(/\/targets\/t_[^/]+\/edit$/);
    },
    saveEdit: () => page.getByRole("button", { name: "Enregistrer" }).click(),
  };
}
