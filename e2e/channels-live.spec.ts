import { channelsPage } from "./pages/channels-page";
import { targetsPage } from "./pages/targets-page";
import { seedMatrixUser } from "./support/accounts";
import { startBrickServer } from "./support/brick-server";
import { openDirectChat, readMessages, sendText, waitForRoomMembership } from "./support/matrix-client";
import { expect, test } from "./support/test";

const botUserId = () => process.env.E2E_BOT_USER_ID!;

test("the token box closes when the link is made in Matrix, and a test message reaches the room", async ({
  signUp,
}) => {
  const { account, page } = await signUp("Alice");
  const alice = await seedMatrixUser(account);
  const channels = channelsPage(page);
  await channels.goto();
  const command = await channels.requestLinkCommand("Identifiant Matrix", alice.userId);
  const row = channels.row(alice.userId);
  await expect(row).toContainText("En attente de liaison");
  // One click opens the direct chat with the bot in the member's Matrix client.
  await expect(page.getByTestId("matrix-to")).toHaveAttribute("href", `https://matrix.to/#/${botUserId()}`);

  // The link is made outside the page; the page, left alone, notices it.
  const roomId = await openDirectChat(alice, botUserId());
  await waitForRoomMembership(alice, roomId, botUserId());
  await sendText(alice, roomId, command);
  await expect(page.getByTestId("verification-done")).toContainText("Canal lié", { timeout: 30_000 });
  await expect(page.getByTestId("link-command")).toHaveCount(0);
  await expect(row).toContainText("Vérifié");
  await expect(row).toContainText("depuis le");
  await expect(page.locator("[aria-live=polite]")).toContainText("vérifié");

  await row.getByRole("button", { name: "Envoyer un message d’essai" }).click();
  await expect(page.getByTestId("channels-notice")).toContainText("Message d’essai envoyé");
  // Delivered by the worker through the Matrix transport; the row says so without a reload.
  await expect(row).toContainText("Délivré le", { timeout: 30_000 });
  await expect
    .poll(async () => (await readMessages(alice, roomId)).some((message) => message.body.includes("Message d’essai")))
    .toBe(true);

  // A second try within the minute is refused, with the wait.
  await row.getByRole("button", { name: "Envoyer un message d’essai" }).click();
  await expect(page.getByTestId("channels-notice")).toContainText("Réessayez dans");

  // A phone: the row is a card, nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  await channels.goto();
  await expect(row).toContainText("Délivré le");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test("an address typed without https:// is offered with it, keeping the rest of the form", async ({ signUp }) => {
  const { page } = await signUp("Bob");
  const targets = targetsPage(page);
  await targets.open();
  await targets.field("Nom").fill("Ma brique");
  await targets.field("Adresse (URL)").fill("ma-brique.nohost.me");
  await targets.addButton.click();
  await expect(page.getByText("Il manque le début de l’adresse (https://).")).toBeVisible();
  await page.getByRole("button", { name: "Utiliser https://ma-brique.nohost.me" }).click();
  await expect(targets.field("Adresse (URL)")).toHaveValue("https://ma-brique.nohost.me");
  await expect(targets.field("Adresse (URL)")).toBeFocused();
  await expect(targets.field("Nom")).toHaveValue("Ma brique");
  await expect(page.getByText("Il manque le début de l’adresse (https://).")).toHaveCount(0);

  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

test("the targets list follows the probe without a reload, and says so politely", async ({ signUp }) => {
  const brick = await startBrickServer();
  try {
    const { page } = await signUp("Carol");
    const targets = targetsPage(page);
    await targets.addBrick("Brique de Carol", brick.url);
    const row = targets.row("Brique de Carol");
    await expect(row).toContainText("En ligne", { timeout: 90_000 });
    // Pausing is offered here, on an approved target.
    await expect(row.getByRole("button", { name: "Mettre en pause Brique de Carol" })).toBeVisible();
    brick.setHealthy(false);
    await expect(row).toContainText("Hors ligne", { timeout: 90_000 });
    await expect(page.locator("[aria-live=polite]")).toContainText("Brique de Carol\u00a0: Hors ligne.");
  } finally {
    await brick.close();
  }
});
