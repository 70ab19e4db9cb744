import type { Page } from "@playwright/test";

/** The admin's "Infrastructure": components (hypervisors, links) that targets depend on. */
export function adminInfraPage(page: Page) {
  return {
    goto: () => page.goto("/fr/admin/infra"),
    addComponentButton: page.getByRole("button", { name: "Ajouter le composant" }),
    /** The id of the component named `name`, read from its edit form. */
    componentId: (name: string) =>
      page
        .locator("form", { has: page.locator(`input[name="name"][value="${name}"]`) })
        .locator('input[name="componentId"]')
        .first()
        .getAttribute("value"),
  };
}
