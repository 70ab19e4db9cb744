import { expect, test } from "./support/test";

const notFoundTitle = { fr: "Page introuvable", nl: "Pagina niet gevonden", en: "Page not found" } as const;

test("an unknown address answers 404 with the header and the notice in its language, without JavaScript too", async ({
  browser,
  signUp,
}) => {
  const { page } = await signUp("Alice");
  const session = await page.context().storageState();
  const context = await browser.newContext({ storageState: session, javaScriptEnabled: false });
  const unscripted = await context.newPage();
  for (const [locale, title] of Object.entries(notFoundTitle)) {
    for (const tab of [page, unscripted]) {
      const response = await tab.goto(`/${locale}/no-such/page`);
      expect(response?.status()).toBe(404);
      await expect(tab.locator("html")).toHaveAttribute("lang", locale);
      await expect(tab.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(tab.getByRole("banner").getByRole("link", { name: "Vigie" })).toBeVisible();
    }
  }
  // A page's own not-found (a target that is not the member's) is drawn inside the layout once its script runs.
  const response = await page.goto("/nl/targets/t_unknown/edit");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(notFoundTitle.nl);
  await expect(page.getByRole("banner")).toBeVisible();
  await context.close();
});

test("the site has a favicon", async ({ page }) => {
  await page.goto("/fr");
  const href = await page.locator("link[rel='icon']").getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await page.request.get(href!);
  expect(icon.headers()["content-type"]).toBe("image/svg+xml");
  expect(await icon.text()).toContain("<svg");
});
