import type { Page } from "@playwright/test";

/** "Tableau de bord": the table of the member's targets, their details, and the live announcement. */
export function dashboardPage(page: Page) {
  return {
    goto: () => page.goto("/fr/dashboard"),
    row: (label: string) => page.getByRole("row", { name: new RegExp(label) }),
    stateCell: (label: string) =>
      page
        .getByRole("row", { name: new RegExp(label) })
        .getByRole("cell")
        .first(),
    announcement: page.getByTestId("dashboard-announcement"),
    targetLink: (label: string) => page.getByRole("table").getByRole("link", { name: label, exact: true }),
    details: (label: string) => page.locator("details", { has: page.locator("summary", { hasText: label }) }),
    /** Whether the page scrolls sideways (wider than the window). */
    overflows: () => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
  };
}
