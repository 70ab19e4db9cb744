import { expect, test } from "./support/test";

// The small dead ends of issue 12 that only a browser shows: a notice after a redirect, a form that React resets
// after its action has run, and dates printed in the page's language rather than the member's stored one.

test("signing out says so on the page it lands on, once", async ({ signUp }) => {
  const { page } = await signUp("Alice");
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/fr$/);
  await expect(page.getByRole("status")).toHaveText(
    "Vous êtes déconnecté·e. Vos alertes continuent d’arriver sur vos canaux.",
  );
  await expect(page.getByRole("button", { name: "Se connecter avec mon compte VPN" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Se connecter avec mon compte VPN" })).toBeVisible();
  await expect(page.getByText("Vous êtes déconnecté·e.")).toHaveCount(0);
});

test("quiet hours save as first offered, and a silence's note and dates read in the page's language", async ({
  signUp,
}) => {
  const { page } = await signUp("Alice");
  await page.goto("/fr/settings");
  await page.getByLabel("Activer les heures calmes").check();
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Vos réglages sont enregistrés.")).toBeVisible();

  // The member's stored language is French (they signed in on French pages): the English page writes English.
  await page.goto("/en/silences");
  await page.getByLabel("Duration", { exact: true }).fill("2h");
  await page.getByLabel("Note (optional)").fill("router upgrade");
  await page.getByRole("button", { name: "Silence", exact: true }).click();
  await expect(page.getByText("The silence is saved.")).toBeVisible();
  const row = page.getByRole("row", { name: /All your targets/ });
  await expect(row).toContainText("router upgrade");
  await expect(row).toContainText(/from [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M to /);
  await page.goto("/nl/silences");
  await expect(page.getByRole("row", { name: /Al uw doelen/ })).toContainText(
    /van \d{1,2} [a-z]{3} \d{4}, \d{2}:\d{2} tot /,
  );
});

test("the infra form keeps the chosen type after a refused submit", async ({ signUp }) => {
  const { page } = await signUp("Admin", { admin: true });
  await page.goto("/fr/admin/infra");
  const form = page.locator("form", { has: page.getByRole("button", { name: "Ajouter le composant" }) });
  await form.getByLabel("Type", { exact: true }).selectOption({ label: "Serveur VPN" });
  await form.getByRole("button", { name: "Ajouter le composant" }).click();
  await expect(form.getByText("Donnez un nom.")).toBeVisible();
  await expect(form.getByLabel("Type", { exact: true })).toHaveValue("vpn_server");
  await expect(form.getByText("Le nom d’hôte ou l’adresse IP à pinguer.")).toBeVisible();
});
