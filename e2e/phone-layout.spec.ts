import { test as base, expect, type Page } from "@playwright/test";
import { seedAccount } from "./support/accounts";
import { signInOverHttp } from "./support/api-sign-in";
import { seedPageData } from "./support/page-data";
import { locales, type PageIds, sitePages } from "./support/site-pages";

type StorageState = Awaited<ReturnType<typeof signInOverHttp>>;
type Seeded = { session: StorageState; ids: PageIds };

/** One admin per worker, with a row on every page, shared by that worker's tests (which only read). */
const test = base.extend<object, { seeded: Seeded }>({
  seeded: [
    async ({ browser }, provide) => {
      const account = await seedAccount("Phone", { admin: true });
      const session = await signInOverHttp(account.login);
      const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, storageState: session });
      const ids = await seedPageData(await context.newPage(), account);
      await context.close();
      await provide({ session, ids });
    },
    { scope: "worker" },
  ],
});

const phone = { width: 360, height: 740 };

// A <summary>: Chromium announces it as a button, but Playwright's role names give it none.
const menuButton = (page: Page, name: string) => page.locator("summary", { hasText: name });

for (const locale of locales) {
  for (const sitePage of sitePages()) {
    test(`${locale}${sitePage.route || "/"} fits 360 px without scrolling sideways`, async ({ browser, seeded }) => {
      const context = await browser.newContext({
        viewport: phone,
        ...(sitePage.signedOut ? {} : { storageState: seeded.session }),
      });
      try {
        const page = await context.newPage();
        const path = `/${locale}${sitePage.path(seeded.ids)}`;
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        await expect(page.locator("main h1").first()).toBeVisible();
        const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
          // The element that sticks out furthest, to name in the failure.
          let widest = "";
          let right = window.innerWidth;
          for (const element of document.querySelectorAll("body *")) {
            const box = element.getBoundingClientRect();
            if (box.right > right + 0.5) {
              right = box.right;
              widest = `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} (${Math.round(box.right)} px)`;
            }
          }
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, widest };
        });
        expect(scrollWidth, `${path}: ${widest}`).toBeLessThanOrEqual(innerWidth);
      } finally {
        await context.close();
      }
    });
  }
}

test("on a phone the navigation is one menu button, with the admin pages as their own group", async ({
  browser,
  seeded,
}) => {
  const context = await browser.newContext({ viewport: phone, storageState: seeded.session });
  const page = await context.newPage();
  await page.goto("/fr/silences");
  const menu = menuButton(page, "Menu");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: "Mes cibles" })).toBeHidden();
  await expect(page.getByLabel("Langue")).toBeVisible();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const panel = page.locator(`#${await menu.getAttribute("aria-controls")}`);
  await expect(panel.getByRole("link", { name: "Sourdines" })).toHaveAttribute("aria-current", "page");
  await expect(panel.getByRole("link", { name: "Mes cibles" })).not.toHaveAttribute("aria-current", /.*/);
  await expect(
    panel.getByRole("region", { name: "Administration" }).getByRole("link", { name: "Demandes" }),
  ).toBeVisible();

  // Escape closes it and gives the focus back to the button.
  await panel.getByRole("link", { name: "Mes cibles" }).focus();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  // A link followed closes it.
  await menu.click();
  await panel.getByRole("link", { name: "Mes cibles" }).click();
  await expect(page).toHaveURL(/\/fr\/targets$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(panel).toBeHidden();
  await context.close();
});

test("the phone menu opens without JavaScript too", async ({ browser, seeded }) => {
  const context = await browser.newContext({ viewport: phone, storageState: seeded.session, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/fr/settings");
  await menuButton(page, "Menu").click();
  await expect(page.getByRole("link", { name: "Réglages" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: "Mon compte" }).click();
  await expect(page).toHaveURL(/\/fr\/account$/);
  await context.close();
});

test("on a desktop the navigation is one line, the admin pages under one menu", async ({ browser, seeded }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: seeded.session });
  const page = await context.newPage();
  await page.goto("/fr/admin/tiers");
  const nav = page.getByRole("navigation", { name: "Vigie" });
  // One line: every link's top within a few pixels of the brand's.
  const tops = await nav
    .locator("a, summary, select, button")
    .evaluateAll((elements) =>
      elements.filter((e) => e.checkVisibility()).map((e) => Math.round(e.getBoundingClientRect().top)),
    );
  expect(Math.max(...tops) - Math.min(...tops), JSON.stringify(tops)).toBeLessThan(12);
  const admin = menuButton(page, "Administration");
  await admin.click();
  await expect(admin).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "Niveaux de rétention" })).toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Escape");
  await expect(admin).toHaveAttribute("aria-expanded", "false");
  await context.close();
});
