import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { adminAntennasPage } from "./pages/admin-antennas-page";
import { adminTiersPage } from "./pages/admin-tiers-page";
import { expect, test } from "./support/test";

test("an admin registers an antenna, sees its credential once, rotates it, then revokes the antenna", async ({
  signUp,
}) => {
  const { page } = await signUp("Admin", { admin: true });
  const tiers = adminTiersPage(page);
  await tiers.goto();
  const tierName = `Squats antennes ${Date.now()}`;
  // An instance of its own, not deployed yet (nothing answers there; the test deletes the tier at its end).
  const instance = `http://127.0.0.1:1/e2e-antennas-${Date.now()}`;
  await tiers.add({ name: tierName, retention: "3y", writeUrl: instance, readUrl: instance });
  await expect(tiers.tier(tierName)).toBeVisible();
  const tierId = await tiers.tierId(tierName);

  const antennas = adminAntennasPage(page);
  await antennas.goto();
  await expect(page.getByRole("heading", { level: 1, name: "Antennes" })).toBeVisible();
  // A tier holding target kinds (the seeded "VPN/FFDN": bricks, pings, TCP ports) is never offered to an antenna.
  const tierSelect = antennas.addForm.getByLabel("Niveau de rétention", { exact: true });
  await expect(tierSelect.locator("option", { hasText: tierName })).toHaveCount(1);
  await expect(tierSelect.locator("option", { hasText: "VPN/FFDN" })).toHaveCount(0);

  // An e-mail address in the notes is refused, saying what was found; what was typed stays in the form.
  const placeCode = `BXL-${Date.now() % 1_000_000}`;
  await antennas.register({ placeCode, tier: tierName, notes: "Contact : jean.dupont@example.be", noClientHours: "6" });
  const notes = antennas.addForm.getByLabel("Notes (facultatif)", { exact: true });
  await expect(antennas.addForm.getByRole("alert")).toContainText("Ceci ressemble à une adresse e-mail");
  await expect(notes).toHaveAttribute("aria-invalid", "true");
  await expect(notes).toHaveValue("Contact : jean.dupont@example.be");
  await expect(antennas.addForm.getByLabel("Code de lieu", { exact: true })).toHaveValue(placeCode);
  await expect(antennas.addForm.getByLabel("Niveau de rétention", { exact: true })).toHaveValue(tierId!);
  await expect(antennas.antenna(placeCode)).toHaveCount(0);

  // The new tier is one vmagent does not write yet (the e2e hub's vmagent has one remote write per seeded tier):
  // the antenna's info series would never reach it, so it is refused, naming the user vmagent lacks.
  await notes.fill("Sur le toit, côté cour");
  await antennas.addForm.getByRole("button", { name: "Enregistrer l’antenne", exact: true }).click();
  await expect(antennas.addForm.getByRole("alert")).toContainText(
    `vmagent n’écrit pas encore dans ce niveau (aucune écriture distante en tant que vmagent-${tierId})`,
  );
  await expect(antennas.antenna(placeCode)).toHaveCount(0);
  // The seeded Squats tier, which vmagent writes.
  await tierSelect.selectOption({ label: "Squats" });
  await antennas.addForm.getByRole("button", { name: "Enregistrer l’antenne", exact: true }).click();
  await expect(antennas.addForm.getByRole("status")).toHaveText(`Antenne « ${placeCode} » enregistrée.`);
  const first = antennas.credential(placeCode);
  await expect(first).toBeVisible();
  await expect(first).toBeFocused();
  await expect(first).toContainText("il ne sera plus affiché");
  const firstPassword = await antennas.password(placeCode);
  expect(firstPassword).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const antennaId = await antennas.antennaId(placeCode);
  expect(antennaId).toMatch(/^a_[0-9a-f]{20}$/);
  await expect(first).toContainText(`antenna-${antennaId}-g1`);
  await expect(antennas.antenna(placeCode)).toContainText("Génération 1");
  await expect(
    antennas.antenna(placeCode).getByRole("link", { name: `Télécharger le paquet de ${placeCode}` }),
  ).toHaveAttribute("href", `/api/admin/antennas/${antennaId}/bundle?locale=fr`);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  // The password alone, as INSTALL.md pastes it into /etc/vigie/password.
  await first.getByRole("button", { name: "Copier le mot de passe" }).click();
  await expect(first.getByRole("status")).toHaveText("Copié.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstPassword);
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((violation) => violation.id)).toEqual([]);

  // Never again: a reload shows the antenna, not its password.
  await page.reload();
  await expect(antennas.antenna(placeCode)).toBeVisible();
  await expect(antennas.credential(placeCode)).toHaveCount(0);
  expect(await page.content()).not.toContain(firstPassword);

  // A rotation issues generation 2, shown once; the old password keeps working for the hour chosen.
  await antennas.rotate(placeCode, "Pendant 1 heure");
  await expect(antennas.credential(placeCode)).toBeVisible();
  await expect(antennas.credential(placeCode)).toBeFocused();
  await expect(antennas.credential(placeCode)).toContainText(`antenna-${antennaId}-g2`);
  const secondPassword = await antennas.password(placeCode);
  expect(secondPassword).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(secondPassword).not.toBe(firstPassword);
  await expect(antennas.antenna(placeCode)).toContainText("l’ancien mot de passe fonctionne jusqu’au");
  await page.reload();
  await expect(antennas.credential(placeCode)).toHaveCount(0);
  expect(await page.content()).not.toContain(secondPassword);

  // The bundle: its telegraf configuration names the current credential's user, never its password.
  const downloading = page.waitForEvent("download");
  await antennas
    .antenna(placeCode)
    .getByRole("link", { name: `Télécharger le paquet de ${placeCode}` })
    .click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`vigie-antenna-${antennaId}.tar.gz`);
  const archive = gunzipSync(await readFile((await download.path())!)).toString("latin1");
  expect(archive).toContain(`vigie-antenna-${antennaId}/telegraf.conf`);
  expect(archive).toContain(`username = "antenna-${antennaId}-g2"`);
  expect(archive).toContain("${VIGIE_ANTENNA_PASSWORD}");
  expect(archive).not.toContain(secondPassword);
  expect(archive).not.toContain(placeCode);
  const bundleUrl = `/api/admin/antennas/${antennaId}/bundle?locale=fr`;

  // Revoked for good: the row stays, marked, with nothing left to rotate, edit or download.
  await antennas.revoke(placeCode);
  await expect(antennas.antenna(placeCode)).toContainText("Révoquée le");
  await expect(antennas.antenna(placeCode).getByRole("button")).toHaveCount(0);
  await expect(antennas.antenna(placeCode).getByRole("link")).toHaveCount(0);
  await page.reload();
  await expect(antennas.antenna(placeCode)).toContainText("Révoquée");
  const refusedBundle = await page.request.get(bundleUrl);
  expect(refusedBundle.status()).toBe(409);

  // Its tier cannot be deleted while the antenna's row holds it; the refusal names the antenna (with the other
  // tests' antennas on Squats).
  await tiers.goto();
  await tiers.deleteButton("Squats").click();
  await expect(tiers.tier("Squats").getByRole("alert")).toContainText("Ce niveau est encore utilisé par : ");
  await expect(tiers.tier("Squats").getByRole("alert")).toContainText(`antenne ${placeCode}`);
  // Nor is it offered to a kind of target: the revoked antenna's row still holds it, and its series stay there.
  const kindSelect = page.getByLabel("Niveau de Lien VPN", { exact: true });
  await expect(kindSelect.locator("option", { hasText: "VPN/FFDN" })).toHaveCount(1);
  await expect(kindSelect.locator("option", { hasText: /^Squats$/ })).toHaveCount(0);
  // The tier nothing holds goes.
  await tiers.deleteButton(tierName).click();
  await expect(tiers.tier(tierName)).toHaveCount(0);
});
