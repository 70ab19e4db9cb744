import { expect } from "@playwright/test";
import type { channelsPage } from "../pages/channels-page";
import { type MatrixUser, openDirectChat, sendText, waitForRoomMembership } from "./matrix-client";

/** Declares the member's Matrix account in the portal and sends the shown token to the bot in a direct chat. */
export async function linkMatrix(
  channels: ReturnType<typeof channelsPage>,
  user: MatrixUser,
  botUserId: string,
): Promise<string> {
  await channels.open();
  const command = await channels.requestLinkCommand("Identifiant Matrix", user.userId);
  const row = channels.row(user.userId);
  await expect(row).toContainText("En attente de liaison");

  const roomId = await openDirectChat(user, botUserId);
  await waitForRoomMembership(user, roomId, botUserId);
  await sendText(user, roomId, command);
  // No reload: the page polls until the bot has accepted the token.
  await expect(row).toContainText("Vérifié", { timeout: 30_000 });
  return roomId;
}
