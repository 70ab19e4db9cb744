/** The member's side of Matrix in the e2e tests: a few Client-Server API calls made as a person's client would. */
export type MatrixUser = { userId: string; accessToken: string; homeserverUrl: string };

async function call<T>(user: MatrixUser, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${user.homeserverUrl}/_matrix/client/v3${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function openDirectChat(user: MatrixUser, botUserId: string): Promise<string> {
  const { room_id } = await call<{ room_id: string }>(user, "POST", "/createRoom", {
    is_direct: true,
    preset: "trusted_private_chat",
    invite: [botUserId],
  });
  return room_id;
}

export async function sendText(user: MatrixUser, roomId: string, text: string): Promise<void> {
  const txnId = `e2e-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  await call(user, "PUT", `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`, { msgtype: "m.text", body: text });
}

export type RoomMessage = { sender: string; body: string };

export async function readMessages(user: MatrixUser, roomId: string): Promise<RoomMessage[]> {
  const { chunk } = await call<{ chunk: { type: string; sender: string; content: { body?: string } }[] }>(
    user,
    "GET",
    `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=100`,
  );
  return chunk
    .filter((event) => event.type === "m.room.message" && typeof event.content.body === "string")
    .map((event) => ({ sender: event.sender, body: event.content.body as string }))
    .reverse();
}

export async function waitForRoomMembership(user: MatrixUser, roomId: string, memberId: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { joined } = await call<{ joined: Record<string, unknown> }>(user, "GET", `/rooms/${encodeURIComponent(roomId)}/joined_members`);
    if (memberId in joined) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${memberId} did not join ${roomId} within ${timeoutMs} ms`);
}
