import { dashboardPage } from "./pages/dashboard-page";
import { targetsPage } from "./pages/targets-page";
import { startBrickServer } from "./support/brick-server";
import { expect, test } from "./support/test";

// A mark set on the document once loaded: still there at the end only if nothing reloaded the page.
declare global {
  interface Window {
    vigieLoadedOnce?: boolean;
  }
}

test("the open dashboard shows a brick going down and back up by itself, and says so to screen readers", async ({
  signUp,
}) => {
  const brick = await startBrickServer();
  try {
    const { page } = await signUp("Dora");
    await targetsPage(page).addBrick("Ma brique", brick.url);
    const dashboard = dashboardPage(page);
    await dashboard.goto();
    // The first probes arrive within seconds; the page picks them up without a reload.
    await expect(dashboard.stateCell("Ma brique")).toContainText("En ligne", { timeout: 60_000 });
    await page.evaluate(() => {
      window.vigieLoadedOnce = true;
    });

    const downAt = Date.now();
    brick.setHealthy(false);
    await expect(dashboard.stateCell("Ma brique")).toContainText("Hors ligne", { timeout: 60_000 });
    console.log(`brick down → open dashboard shows it: ${((Date.now() - downAt) / 1000).toFixed(1)} s`);
    await expect(dashboard.announcement).toHaveText("Ma brique\u00a0: Hors ligne");
    await expect(dashboard.stateCell("Ma brique")).toContainText("depuis le");
    // A down brick shows no stale response time.
    await expect(dashboard.row("Ma brique").getByRole("cell").nth(4)).toContainText("pas de donnée");

    const upAt = Date.now();
    brick.setHealthy(true);
    await expect(dashboard.stateCell("Ma brique")).toContainText("En ligne", { timeout: 60_000 });
    console.log(`brick up → open dashboard shows it: ${((Date.now() - upAt) / 1000).toFixed(1)} s`);
    await expect(dashboard.announcement).toHaveText("Ma brique\u00a0: En ligne");
    // Still the same document: nothing reloaded the page.
    expect(await page.evaluate(() => window.vigieLoadedOnce)).toBe(true);

    // The table's link opens the target's details, with its timelines and the outage as one incident.
    await dashboard.targetLink("Ma brique").click();
    const details = dashboard.details("Ma brique");
    await expect(details).toHaveAttribute("open", "");
    await expect(details.getByRole("list", { name: "Dernières 24 heures" })).toBeVisible();
    // The outage's minute shows once it is over (each step is a whole probe interval, at least a minute).
    await expect(
      details.getByRole("list", { name: "Dernières 24 heures" }).locator('li[data-state="down"]'),
    ).not.toHaveCount(0, { timeout: 90_000 });
    await expect(details.getByRole("list", { name: "30 derniers jours" }).getByRole("listitem")).toHaveCount(30);
    await expect(details.getByRole("button", { name: "24 h" })).toHaveAttribute("aria-pressed", "true");
    await expect(details.locator("canvas")).toBeVisible();

    await page.setViewportSize({ width: 360, height: 740 });
    await expect.poll(dashboard.overflows).toBe(false);
  } finally {
    await brick.close();
  }
});
