import type { Page } from "@playwright/test";

/** The admin's "Demandes": pending targets, each approved or refused with a reason the member reads. */
export function adminRequestsPage(page: Page) {
  const row = (label: string) => page.getByRole("row", { name: new RegExp(label) });
  return {
    row,
    goto: () => page.goto("/fr/admin/requests"),
    approve: (label: string) => row(label).getByRole("button", { name: "Accepter" }).click(),
    /** The first click asks for the reason, which the second click sends. */
    async startRefusal(label: string) {
      await row(label).getByRole("button", { name: "Refuser" }).click();
    },
    async refuse(label: string, reason: string) {
      await row(label).getByLabel("Motif du refus").fill(reason);
      await row(label).getByRole("button", { name: "Refuser" }).click();
    },
  };
}
