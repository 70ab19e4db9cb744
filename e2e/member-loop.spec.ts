import { channelsPage } from "./pages/channels-page";
import { settingsPage } from "./pages/settings-page";
import { silencesPage } from "./pages/silences-page";
import { targetsPage } from "./pages/targets-page";
import { seedMatrixUser } from "./support/accounts";
import { startBrickServer } from "./support/brick-server";
import { type MatrixUser, type RoomMessage, readMessages } from "./support/matrix-client";
import { linkMatrix } from "./support/matrix-link";
import { expect, test } from "./support/test";

const botUserId = () => process.env.E2E_BOT_USER_ID!;

/** "HH:MM" in Brussels, `offsetMinutes` from now: quiet hours are set in the member's time zone. */
function brusselsTime(offsetMinutes: number): string {
  const at = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("fr-BE", {
    timeZone: "Europe/Brussels",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

/** Brings the brick back and waits for the one edit that marks its firing message resolved. */
async function recoverAndWaitForResolved(
  user: MatrixUser,
  roomId: string,
  brick: { setHealthy(value: boolean): void },
) {
  const before = (await readMessages(user, roomId)).length;
  brick.setHealthy(true);
  await expect
    .poll(
      async () =>
        (await readMessages(user, roomId))
          .slice(before)
          .filter((message) => message.sender === botUserId())
          .map((message) => Boolean(message.replaces)),
      {
        timeout: 60_000,
      },
    )
    .toEqual([true]);
}

async function waitForBotMessage(
  user: MatrixUser,
  roomId: string,
  predicate: (message: RoomMessage) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = (await readMessages(user, roomId)).find(
      (message) => message.sender === botUserId() && predicate(message),
    );
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no matching bot message in ${roomId} within ${timeoutMs} ms`);
}

test("a member watches a brick and receives its outage privately; another member receives nothing", async ({
  signUp,
}) => {
  const aliceBrick = await startBrickServer();
  const bobBrick = await startBrickServer();
  try {
    const { account: aliceAccount, page: alicePage } = await signUp("Alice");
    const alice = await seedMatrixUser(aliceAccount);
    const aliceTargets = targetsPage(alicePage);
    await aliceTargets.open();

    // Bad input is explained on the field, in French, and nothing is stored.
    await aliceTargets.field("Nom").fill("Mauvaise");
    await aliceTargets.field("Adresse (URL)").fill("ftp://brique.example.org");
    await aliceTargets.addButton.click();
    await expect(alicePage.getByText("L’adresse doit commencer par https:// ou http://.")).toBeVisible();
    await expect(aliceTargets.field("Adresse (URL)")).toHaveValue("ftp://brique.example.org");
    await expect(alicePage.getByRole("cell", { name: "Mauvaise" })).toHaveCount(0);

    await aliceTargets.addBrick("Brique d'Alice", aliceBrick.url);
    const aliceRoom = await linkMatrix(channelsPage(alicePage), alice, botUserId());

    const { account: bobAccount, page: bobPage } = await signUp("Bob");
    const bob = await seedMatrixUser(bobAccount);
    await targetsPage(bobPage).addBrick("Brique de Bob", bobBrick.url);
    const bobRoom = await linkMatrix(channelsPage(bobPage), bob, botUserId());
    const bobMessagesBefore = (await readMessages(bob, bobRoom)).length;

    // Give the probes time to see the brick up before it goes down (firing needs a change of state).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const downAt = Date.now();
    aliceBrick.setHealthy(false);
    const firing = await waitForBotMessage(
      alice,
      aliceRoom,
      (message) => message.body.includes("Brique d'Alice"),
      90_000,
    );
    console.log(`brick down → Matrix message: ${Date.now() - downAt} ms`);
    expect(firing.body).not.toContain("t_");

    // The resolution rewrites the firing message (m.replace) instead of adding one.
    const upAt = Date.now();
    aliceBrick.setHealthy(true);
    const resolution = await waitForBotMessage(
      alice,
      aliceRoom,
      (message) => message.replaces === firing.eventId,
      90_000,
    );
    console.log(`brick up → firing message edited as resolved: ${Date.now() - upAt} ms`);
    expect(resolution.body).toMatch(/^\* ✅ Problème résolu\n• Brique d'Alice/);

    // A silence made in the portal mutes the next outage; lifting it lets the alert through.
    const silences = silencesPage(alicePage);
    await silences.silenceFor("Brique d'Alice", "30m");
    const messagesBeforeSilencedOutage = (await readMessages(alice, aliceRoom)).length;
    aliceBrick.setHealthy(false);
    // Unsilenced, the alert reached Matrix in ~9 s with these timings: wait well past that.
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    expect(await readMessages(alice, aliceRoom)).toHaveLength(messagesBeforeSilencedOutage);
    await silences.lift("Brique d'Alice");
    await expect
      .poll(
        async () =>
          (await readMessages(alice, aliceRoom))
            .slice(messagesBeforeSilencedOutage)
            .filter((message) => message.sender === botUserId()),
        {
          timeout: 60_000,
        },
      )
      .toEqual([expect.objectContaining({ body: expect.stringContaining("Brique d'Alice") })]);
    await recoverAndWaitForResolved(alice, aliceRoom, aliceBrick);

    // Quiet hours around now hold the next outage back (critical alerts not let through); ending them releases it.
    const settings = settingsPage(alicePage);
    await settings.setQuietHours(brusselsTime(-60), brusselsTime(120));
    const messagesBeforeQuietOutage = (await readMessages(alice, aliceRoom)).length;
    aliceBrick.setHealthy(false);
    await new Promise((resolve) => setTimeout(resolve, 25_000));
    expect(await readMessages(alice, aliceRoom)).toHaveLength(messagesBeforeQuietOutage);
    await settings.endQuietHours();
    await expect
      .poll(
        async () =>
          (await readMessages(alice, aliceRoom))
            .slice(messagesBeforeQuietOutage)
            .filter((message) => message.sender === botUserId()),
        {
          timeout: 60_000,
        },
      )
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
