import { expectNoViolations } from "./support/axe";
import { expect, test } from "./support/test";

const locales = ["fr", "nl", "en"] as const;
const memberPages = ["/dashboard", "/targets", "/channels", "/silences", "/settings", "/account"];
const adminPages = [
  "/admin/requests",
  "/admin/sync",
  "/admin/deliveries",
  "/admin/infra",
  "/admin/tiers",
  "/admin/antennas",
  "/admin/antennas/dashboard",
];

test("the signed-out home page passes axe in every language", async ({ page }) => {
  for (const locale of locales) {
    await page.goto(`/${locale}`);
    await expectNoViolations(page);
  }
});

// One test per language, so that the three run in parallel workers.
for (const locale of locales) {
  test(`every member and admin page passes axe in ${locale}`, async ({ signUp }) => {
    const { page } = await signUp("Admin", { admin: true });
    for (const path of [...memberPages, ...adminPages]) {
      const response = await page.goto(`/${locale}${path}`);
      expect(response?.status(), `${locale}${path}`).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expectNoViolations(page);
    }
  });
}
