import { adminTiersPage } from "./pages/admin-tiers-page";
import { expect, test } from "./support/test";

test("an admin adds a tier, cannot send a kind to it before vmagent writes it, cannot delete a tier in use, deletes the new one", async ({
  signUp,
}) => {
  const { page } = await signUp("Admin", { admin: true });
  const tiers = adminTiersPage(page);
  await tiers.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Niveaux de rétention" })).toBeVisible();

  // A retention VictoriaMetrics would not read is refused under its field, and what was typed stays.
  const name = `Squats e2e ${Date.now()}`;
  // The default VictoriaMetrics, which the seeded Infra tier already names.
  const taken = process.env.E2E_VICTORIA_METRICS_URL!;
  await tiers.add({ name, retention: "3 ans", writeUrl: taken, readUrl: taken });
  await expect(tiers.addForm.getByRole("alert")).toContainText("Indiquez une durée de rétention VictoriaMetrics");
  await expect(tiers.addForm.getByLabel("Rétention", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(tiers.addForm.getByLabel("Nom", { exact: true })).toHaveValue(name);

  await tiers.addForm.getByLabel("Rétention", { exact: true }).fill("3y");
  await tiers.addForm.getByRole("button", { name: "Ajouter le niveau" }).click();
  // One tier per instance: antennas and members' series never end up in one through two tiers.
  await expect(tiers.addForm.getByRole("alert")).toContainText("Un autre niveau utilise déjà cette instance");
  // An instance not deployed yet (nothing answers there): the sync holds the tier back until this test deletes it.
  const instance = `http://127.0.0.1:1/e2e-tiers-${Date.now()}`;
  await tiers.addForm.getByLabel("Adresse d’écriture", { exact: true }).fill(instance);
  await tiers.addForm.getByLabel("Adresse de lecture", { exact: true }).fill(instance);
  await tiers.addForm.getByRole("button", { name: "Ajouter le niveau" }).click();
  await expect(tiers.addForm.getByRole("status")).toHaveText(`Niveau « ${name} » enregistré.`);
  await expect(tiers.tier(name)).toContainText("3y");
  // What to start its VictoriaMetrics with (1.79 wants months as a bare number: `6M` is shown as `6`).
  await expect(tiers.tier(name)).toContainText("-retentionPeriod=3y");
  await expect(tiers.tier("VPN/FFDN")).toContainText("-retentionPeriod=6");
  const id = await tiers.tierId(name);
  expect(id).toMatch(/^r_[0-9a-f]{20}$/);
  // Its vmauth service users, for the deployment: names and folder, never a password.
  await expect(tiers.tier(name)).toContainText(`vmagent écrit en tant que vmagent-${id}`);
  await expect(tiers.tier(name)).toContainText(`lu à travers vmauth en tant que reader-${id}`);

  // vmagent has no remote write for the new tier yet: choosing it for "VPN link" is refused (its series would be
  // dropped), and the kind stays where it was.
  await tiers.assign("Lien VPN", name);
  await expect(page.getByRole("alert").filter({ hasText: "vmagent n’écrit pas encore dans ce niveau" })).toContainText(
    `vmagent-${id}`,
  );
  await expect(tiers.tier(name)).toContainText("Rien pour l’instant");

  // A tier kinds use (the seeded VPN/FFDN one, which vmagent writes) cannot be deleted; the refusal names them.
  await tiers.deleteButton("VPN/FFDN").click();
  await expect(tiers.tier("VPN/FFDN").getByRole("alert")).toContainText("Ce niveau est encore utilisé par : ");
  await expect(tiers.tier("VPN/FFDN").getByRole("alert")).toContainText("Lien VPN");
  await expect(tiers.tier("VPN/FFDN")).toBeVisible();

  // A tier nothing uses goes.
  await tiers.deleteButton(name).click();
  await expect(tiers.tier(name)).toHaveCount(0);
});
