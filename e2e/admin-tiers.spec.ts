import { adminTiersPage } from "./pages/admin-tiers-page";
import { expect, test } from "./support/test";

test("an admin adds a tier, is refused deleting it while a kind of target uses it, then deletes it", async ({
  signUp,
}) => {
  const { page } = await signUp("Admin", { admin: true });
  const tiers = adminTiersPage(page);
  await tiers.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Niveaux de rétention" })).toBeVisible();

  // A retention VictoriaMetrics would not read is refused under its field, and what was typed stays.
  const name = `Squats e2e ${Date.now()}`;
  // The stack's default VictoriaMetrics: a tier whose instance does not answer would fail every sync while it lasts.
  const instance = process.env.E2E_VICTORIA_METRICS_URL!;
  await tiers.add({ name, retention: "3 ans", writeUrl: instance, readUrl: instance });
  await expect(tiers.addForm.getByRole("alert")).toContainText("Indiquez une durée de rétention VictoriaMetrics");
  await expect(tiers.addForm.getByLabel("Rétention", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(tiers.addForm.getByLabel("Nom", { exact: true })).toHaveValue(name);

  await tiers.addForm.getByLabel("Rétention", { exact: true }).fill("3y");
  await tiers.addForm.getByRole("button", { name: "Ajouter le niveau" }).click();
  await expect(tiers.addForm.getByRole("status")).toHaveText(`Niveau « ${name} » enregistré.`);
  await expect(tiers.tier(name)).toContainText("3y");
  // What to start its VictoriaMetrics with (1.79 wants months as a bare number: `6M` is shown as `6`).
  await expect(tiers.tier(name)).toContainText("-retentionPeriod=3y");
  await expect(tiers.tier("VPN/FFDN")).toContainText("-retentionPeriod=6");
  expect(await tiers.tierId(name)).toMatch(/^r_[0-9a-f]{20}$/);

  // "VPN link" now goes to this tier: deleting it is refused, naming the kind that uses it.
  await tiers.assign("Lien VPN", name);
  await expect(tiers.tier(name)).toContainText("Lien VPN");
  await tiers.deleteButton(name).click();
  await expect(tiers.tier(name).getByRole("alert")).toHaveText(
    "Ce niveau est encore utilisé par : Lien VPN. Choisissez-leur un autre niveau avant de le supprimer.",
  );
  await expect(tiers.tier(name)).toBeVisible();

  // Once no kind uses it, it goes.
  await page.getByLabel("Niveau de Lien VPN", { exact: true }).selectOption({ label: "Pas encore de niveau" });
  await page.getByRole("button", { name: "Enregistrer le niveau de Lien VPN" }).click();
  await expect(tiers.tier(name)).toContainText("Rien pour l'instant");
  await tiers.deleteButton(name).click();
  await expect(tiers.tier(name)).toHaveCount(0);
});
