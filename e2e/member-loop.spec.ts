import { expect, test, type Page } from "@playwright/test";
import { startBrickServer } from "./brick-server";
import { signIn } from "./support/sign-in";
import { openDirectChat, readMessages, sendText, waitForRoomMembership, type MatrixUser, type RoomMessage } from "./matrix-client";

const homeserverUrl = () => process.env.E2E_SYNAPSE_URL!;
const botUserId = () => process.env.E2E_BOT_USER_ID!;
const matrixUser = (name: "alice" | "bob"): MatrixUser => ({
  userId: process.env[`E2E_${name.toUpperCase()}_MATRIX_ID`]!,
  accessToken: process.env[`E2E_${name.toUpperCase()}_MATRIX_TOKEN`]!,
  homeserverUrl: homeserverUrl(),
});

async function addBrick(page: Page, label: string, url: string) {
  await page.getByRole("link", { name: "Mes cibles" }).click();
  await expect(page.getByRole("heading", { name: "Mes cibles" })).toBeVisible();
  await page.getByLabel("Nom", { exact: true }).fill(label);
  await page.getByLabel("Adresse (URL)").fill(url);
  await page.getByRole("button", { name: "Ajouter" }).click();
  await expect(page.getByRole("status")).toHaveText("Cible ajoutée. La surveillance commence dans quelques secondes.");
  await expect(page.getByRole("cell", { name: label, exact: true })).toBeVisible();
}

/** Declares the member's Matrix account in the portal and sends the shown token to the bot in a direct chat. */
async function linkMatrix(page: Page, user: MatrixUser): Promise<string> {
  await page.getByRole("link", { name: "Mes canaux" }).click();
  await page.getByLabel("Identifiant Matrix").fill(user.userId);
  await page.getByRole("button", { name: "Obtenir un jeton de liaison" }).click();
  const command = (await page.getByTestId("link-command").textContent())!.trim();
  expect(command).toMatch(/^!link \S{22,}$/);
  const row = page.locator(`tr[data-channel="${user.userId}"]`);
  await expect(row).toContainText("En attente de liaison");

  const roomId = await openDirectChat(user, botUserId());
  await waitForRoomMembership(user, roomId, botUserId());
  await sendText(user, roomId, command);
  // No reload: the page polls until the bot has accepted the token.
  await expect(row).toContainText("Vérifié", { timeout: 30_000 });
  return roomId;
}

/** "HH:MM" in Brussels, `offsetMinutes` from now: quiet hours are set in the member's time zone. */
function brusselsTime(offsetMinutes: number): string {
  const at = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("fr-BE", { timeZone: "Europe/Brussels", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

/** Brings the brick back and waits for the one edit that marks its firing message resolved. */
async function recoverAndWaitForResolved(user: MatrixUser, roomId: string, brick: { setHealthy(value: boolean): void }) {
  const before = (await readMessages(user, roomId)).length;
  brick.setHealthy(true);
  await expect
    .poll(async () => (await readMessages(user, roomId)).slice(before).filter((message) => message.sender === botUserId()).map((message) => Boolean(message.replaces)), {
      timeout: 60_000,
    })
    .toEqual([true]);
}

async function waitForBotMessage(user: MatrixUser, roomId: string, predicate: (message: RoomMessage) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await readMessages(user, roomId)).find((message) => message.sender === botUserId() && predicate(message));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no matching bot message in ${roomId} within ${timeoutMs} ms`);
}

test("a member watches a brick and receives its outage privately; another member receives nothing", async ({ browser }) => {
  const aliceBrick = await startBrickServer();
  const bobBrick = await startBrickServer();
  const alice = matrixUser("alice");
  const bob = matrixUser("bob");
  try {
    const alicePage = await signIn(browser, "alice");
    await alicePage.getByRole("link", { name: "Mes cibles" }).click();

    // Bad input is explained on the field, in French, and nothing is stored.
    await alicePage.getByLabel("Nom", { exact: true }).fill("Mauvaise");
    await alicePage.getByLabel("Adresse (URL)").fill("ftp://brique.example.org");
    await alicePage.getByRole("button", { name: "Ajouter" }).click();
    await expect(alicePage.getByText("L'adresse doit commencer par https:// ou http://.")).toBeVisible();
    await expect(alicePage.getByLabel("Adresse (URL)")).toHaveValue("ftp://brique.example.org");
    await expect(alicePage.getByRole("cell", { name: "Mauvaise" })).toHaveCount(0);

    await addBrick(alicePage, "Brique d'Alice", aliceBrick.url);
    const aliceRoom = await linkMatrix(alicePage, alice);

    const bobPage = await signIn(browser, "bob");
    await addBrick(bobPage, "Brique de Bob", bobBrick.url);
    const bobRoom = await linkMatrix(bobPage, bob);
    const bobMessagesBefore = (await readMessages(bob, bobRoom)).length;

    // Give the probes time to see the brick up before it goes down (firing needs a change of state).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const downAt = Date.now();
    aliceBrick.setHealthy(false);
    const firing = await waitForBotMessage(alice, aliceRoom, (message) => message.body.includes("Brique d'Alice"), 90_000);
    console.log(`brick down → Matrix message: ${Date.now() - downAt} ms`);
    expect(firing.body).not.toContain("t_");

    // The resolution rewrites the firing message (m.replace) instead of adding one.
    const upAt = Date.now();
    aliceBrick.setHealthy(true);
    const resolution = await waitForBotMessage(alice, aliceRoom, (message) => message.replaces === firing.eventId, 90_000);
    console.log(`brick up → firing message edited as resolved: ${Date.now() - upAt} ms`);
    expect(resolution.body).toMatch(/^\* ✅ Problème résolu\n• Brique d'Alice/);

    // A silence made in the portal mutes the next outage; lifting it lets the alert through.
    await alicePage.getByRole("link", { name: "Sourdines" }).click();
    await alicePage.getByLabel("À partir de maintenant, pour une durée").check();
    await alicePage.getByLabel("Durée", { exact: true }).fill("30m");
    await alicePage.getByLabel("Cible", { exact: true }).selectOption({ label: "Brique d'Alice" });
    await alicePage.getByRole("button", { name: "Mettre en sourdine" }).click();
    await expect(alicePage.getByText("La sourdine est enregistrée.")).toBeVisible();
    const messagesBeforeSilencedOutage = (await readMessages(alice, aliceRoom)).length;
    aliceBrick.setHealthy(false);
    // Unsilenced, the alert reached Matrix in ~9 s with these timings: wait well past that.
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    expect(await readMessages(alice, aliceRoom)).toHaveLength(messagesBeforeSilencedOutage);
    await alicePage.getByRole("button", { name: /^Lever la sourdine de Brique d'Alice/ }).click();
    await expect
      .poll(async () => (await readMessages(alice, aliceRoom)).slice(messagesBeforeSilencedOutage).filter((message) => message.sender === botUserId()), {
        timeout: 60_000,
      })
      .toEqual([expect.objectContaining({ body: expect.stringContaining("Brique d'Alice") })]);
    await recoverAndWaitForResolved(alice, aliceRoom, aliceBrick);

    // Quiet hours around now hold the next outage back (critical alerts not let through); ending them releases it.
    await alicePage.getByRole("link", { name: "Réglages" }).click();
    await alicePage.getByLabel("Activer les heures calmes").check();
    for (const day of ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]) {
      await alicePage.getByRole("checkbox", { name: day, exact: true }).check();
    }
    await alicePage.getByLabel("Début", { exact: true }).fill(brusselsTime(-60));
    await alicePage.getByLabel("Fin", { exact: true }).fill(brusselsTime(120));
    await alicePage.getByLabel("Laisser passer les alertes critiques").uncheck();
    await alicePage.getByRole("button", { name: "Enregistrer" }).click();
    await expect(alicePage.getByText("Vos réglages sont enregistrés.")).toBeVisible();
    const messagesBeforeQuietOutage = (await readMessages(alice, aliceRoom)).length;
    aliceBrick.setHealthy(false);
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    expect(await readMessages(alice, aliceRoom)).toHaveLength(messagesBeforeQuietOutage);
    await alicePage.getByLabel("Activer les heures calmes").uncheck();
    await alicePage.getByRole("button", { name: "Enregistrer" }).click();
    await expect
      .poll(async () => (await readMessages(alice, aliceRoom)).slice(messagesBeforeQuietOutage).filter((message) => message.sender === botUserId()), {
        timeout: 60_000,
      })
      .toEqual([expect.objectContaining({ body: expect.stringContaining("Brique d'Alice") })]);
    aliceBrick.setHealthy(true);

    const bobMessagesAfter = await readMessages(bob, bobRoom);
    expect(bobMessagesAfter).toHaveLength(bobMessagesBefore);
    expect(bobMessagesAfter.some((message) => message.body.includes("Alice"))).toBe(false);
  } finally {
    await aliceBrick.close();
    await bobBrick.close();
  }
});
