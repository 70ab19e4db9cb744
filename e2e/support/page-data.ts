import { expect, type Page } from "@playwright/test";
import { channelsPage } from "../pages/channels-page";
import { silencesPage } from "../pages/silences-page";
import { targetsPage } from "../pages/targets-page";
import type { TestAccount } from "./accounts";
import type { PageIds } from "./site-pages";

export const seededBrick = "Brique de démonstration";

/**
 * What fills the pages that visit every page (phone width, accessibility, screenshots) with rows: a brick with a
 * long address, a VPS waiting for an admin (a row of /admin/requests), an e-mail channel waiting for its link and a
 * silence. Returns the ids the dynamic pages are opened with.
 */
export async function seedPageData(page: Page, account: TestAccount): Promise<PageIds> {
  const targets = targetsPage(page);
  await page.goto("/fr/targets");
  await targets.addBrick(
    seededBrick,
    "http://127.0.0.1:9/un-chemin-assez-long/pour-une-adresse-qui-doit-passer-a-la-ligne",
  );
  await targets.add("VPS (machine virtuelle Proxmox)", {
    Nom: "VPS de démonstration",
    "Identifiant de la machine virtuelle": "qemu/101",
  });
  await expect(targets.status).toContainText("Demande envoyée.");
  const edit = await targets
    .row(seededBrick)
    .getByRole("link", { name: `Modifier ${seededBrick}` })
    .getAttribute("href");
  const targetId = edit?.match(/\/targets\/([^/]+)\/edit$/)?.[1];
  if (!targetId) throw new Error(`no edit link for the seeded brick: ${edit}`);
  await channelsPage(page).requestEmailLink(account.email);
  await expect(page.getByText(account.email).first()).toBeVisible();
  await silencesPage(page).silenceFor(seededBrick, "30m");
  return { targetId };
}
