import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/sign-in";

const locales = ["fr", "nl", "en"] as const;
const memberPages = ["/dashboard", "/targets", "/channels", "/silences", "/settings", "/account"];
const adminPages = ["/admin/requests", "/admin/sync", "/admin/deliveries", "/admin/infra"];

async function expectNoViolations(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(summary, page.url()).toEqual([]);
}

test("the signed-out home page passes axe in every language", async ({ page }) => {
  for (const locale of locales) {
    await page.goto(`/${locale}`);
    await expectNoViolations(page);
  }
});

test("every member and admin page passes axe in every language", async ({ browser }) => {
  const page = await signIn(browser, "admin");
  for (const locale of locales) {
    for (const path of [...memberPages, ...adminPages]) {
      const response = await page.goto(`/${locale}${path}`);
      expect(response?.status(), `${locale}${path}`).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expectNoViolations(page);
    }
  }
});
