import type { RegisteredUser } from "@/scripts/synapse/register-user";

/** A room event as `/messages` returns it: only what counting needs. */
export type RoomEvent = {
  event_id: string;
  sender: string;
  type: string;
  origin_server_ts: number;
  content: {
    body?: string;
    "m.relates_to"?: { rel_type?: string; event_id?: string };
    "m.new_content"?: { body?: string };
  };
};

async function callMatrix<T>(
  url: string,
  user: RegisteredUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}/_matrix/client/v3${path}`, {
    method,
    headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Runs `work` over `items` with at most `concurrency` calls at once, keeping the results in order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/**
 * Synapse limits room creation (`rc_room_creation`, not lifted by the test config): an admin exempts the bot
 * through the rate-limit override, which Synapse reads as "no limiter applies" when messages_per_second is 0.
 */
export async function liftRateLimits(url: string, admin: RegisteredUser, userId: string): Promise<void> {
  const response = await fetch(`${url}/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ messages_per_second: 0, burst_count: 0 }),
  });
  if (!response.ok) throw new Error(`override_ratelimit: HTTP ${response.status} ${await response.text()}`);
}

/**
 * Rooms the bot creates alone: the bot is the only member, which is all delivery needs (members' own accounts
 * would only add registrations and joins). Unencrypted, so bodies can be counted from the server.
 */
export async function createBotRooms(
  url: string,
  bot: RegisteredUser,
  count: number,
  concurrency = 4,
): Promise<string[]> {
  return mapBounded(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const created = await callMatrix<{ room_id: string }>(url, bot, "POST", "/createRoom", {
        preset: "private_chat",
        name: `storm ${i}`,
      });
      return created.room_id;
    },
  );
}

/** Every event the bot sent in `roomId` at or after `sinceMs` (server time), oldest first, paginating backwards. */
export async function readBotEvents(
  url: string,
  bot: RegisteredUser,
  roomId: string,
  sinceMs: number,
): Promise<RoomEvent[]> {
  const events: RoomEvent[] = [];
  let from: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ dir: "b", limit: "1000", ...(from ? { from } : {}) });
    const page = await callMatrix<{ chunk: RoomEvent[]; end?: string }>(
      url,
      bot,
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/messages?${query}`,
    );
    let older = false;
    for (const event of page.chunk) {
      if (event.origin_server_ts < sinceMs) older = true;
      else if (event.sender === bot.userId && event.type === "m.room.message") events.push(event);
    }
    // Pages come newest first: once one reaches before the run, the rest of the room is older still.
    if (older || !page.end || page.chunk.length === 0) break;
    from = page.end;
  }
  return events.reverse();
}

/**
 * The homeserver's own pace for the bot's sends (no portal involved): `count` messages spread over the rooms,
 * `concurrency` at a time, as the worker sends. Returns messages per second.
 */
export async function measureSendRate(
  url: string,
  bot: RegisteredUser,
  roomIds: readonly string[],
  count: number,
  concurrency: number,
): Promise<number> {
  const started = performance.now();
  await mapBounded(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const roomId = encodeURIComponent(roomIds[i % roomIds.length]!);
      await callMatrix(url, bot, "PUT", `/rooms/${roomId}/send/m.room.message/floor-${i}-${Date.now()}`, {
        msgtype: "m.text",
        body: "send-rate probe",
      });
    },
  );
  return count / ((performance.now() - started) / 1000);
}
