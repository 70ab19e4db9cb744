import type { Page } from "@playwright/test";

/** The admin's "Antennes": registered antennas, their credentials' state, and the form to register one. */
export function adminAntennasPage(page: Page) {
  const addForm = page.locator("form", {
    has: page.getByRole("button", { name: "Enregistrer l’antenne", exact: true }),
  });
  const antenna = (placeCode: string) =>
    page.locator("li[data-antenna-id]", { has: page.getByRole("heading", { name: placeCode }) });
  return {
    goto: () => page.goto("/fr/admin/antennas"),
    addForm,
    antenna,
    async register(fields: { placeCode: string; tier: string; notes?: string; noClientHours?: string }) {
      await addForm.getByLabel("Code de lieu", { exact: true }).fill(fields.placeCode);
      await addForm.getByLabel("Niveau de rétention", { exact: true }).selectOption({ label: fields.tier });
      await addForm.getByLabel("Notes (facultatif)", { exact: true }).fill(fields.notes ?? "");
      if (fields.noClientHours)
        await addForm.getByLabel("Heures sans client avant l’alerte", { exact: true }).fill(fields.noClientHours);
      await addForm.getByRole("button", { name: "Enregistrer l’antenne", exact: true }).click();
    },
    /** The once-shown credential of `placeCode`: a region named after it. */
    credential: (placeCode: string) => page.getByRole("region", { name: `Identifiant de ${placeCode}` }),
    /** The password the panel shows, what INSTALL.md has pasted into the antenna's password file. */
    password: (placeCode: string) =>
      page
        .getByRole("region", { name: `Identifiant de ${placeCode}` })
        .locator("[data-credential-password]")
        .innerText(),
    antennaId: (placeCode: string) => antenna(placeCode).getAttribute("data-antenna-id"),
    async rotate(placeCode: string, grace: string) {
      await antenna(placeCode).getByText(`Nouvel identifiant pour ${placeCode}`).click();
      await antenna(placeCode).getByLabel("Le mot de passe actuel fonctionne encore").selectOption({ label: grace });
      await page.getByRole("button", { name: `Émettre un nouvel identifiant pour ${placeCode}` }).click();
    },
    /** Sends the antenna's series to another tier, through its edit form (the other fields kept). */
    async moveTo(placeCode: string, tier: string) {
      await antenna(placeCode).getByText(`Modifier ${placeCode}`).click();
      await antenna(placeCode).getByLabel("Niveau de rétention", { exact: true }).selectOption({ label: tier });
      await antenna(placeCode).getByRole("button", { name: "Enregistrer", exact: true }).click();
    },
    async revoke(placeCode: string) {
      await antenna(placeCode).getByText(`Révoquer ${placeCode}`).click();
      await page.getByRole("button", { name: `Révoquer définitivement l’antenne ${placeCode}` }).click();
    },
  };
}
