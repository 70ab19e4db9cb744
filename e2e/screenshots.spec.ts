import type { Page } from "@playwright/test";
import { addCss } from "./support/css";
import { expect, test } from "./support/test";

/**
 * The main pages as pictures, on a desktop and a phone, in French, compared with the baselines beside this file
 * (screenshots.spec.ts-snapshots/): a label that vanishes or a table that overflows changes them. The member is new
 * (empty pages: what a new member sees first), and what changes from run to run is hidden: the admin page's lists,
 * which other tests fill, and any date or time. Update the baselines after a deliberate change with
 * `npx playwright test e2e/screenshots.spec.ts --update-snapshots` (README, "Tests").
 */
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

const memberPages = ["dashboard", "targets", "channels", "silences", "settings", "account"];

// Filled by the other tests running beside this one: left out of the picture (display: none), their forms kept.
const adminPage = { path: "admin/tiers", hide: ["#tiers-title + ul", "section[aria-labelledby='kind-tiers-title']"] };

async function expectPage(page: Page, name: string, hide: string[] = []) {
  await page.waitForLoadState("networkidle");
  if (hide.length > 0) await addCss(page, `${hide.join(", ")} { display: none !important; }`);
  await expect(page).toHaveScreenshot(`${name}.png`, {
    fullPage: true,
    maxDiffPixelRatio: 0.002,
    mask: [page.locator("time"), page.locator("input[type='datetime-local'], input[type='date'], input[type='time']")],
  });
}

for (const [size, viewport] of Object.entries(sizes)) {
  test(`the main pages look as they did, ${size}`, async ({ page, signUp }) => {
    await page.setViewportSize(viewport);
    await page.goto("/fr");
    await expectPage(page, `home-${size}`);

    const { page: member } = await signUp("Admin", { admin: true });
    await member.setViewportSize(viewport);
    for (const path of memberPages) {
      await member.goto(`/fr/${path}`);
      await expectPage(member, `${path}-${size}`);
    }
    await member.goto(`/fr/${adminPage.path}`);
    await expectPage(member, `${adminPage.path.replace("/", "-")}-${size}`, adminPage.hide);
  });
}
