import type { Db } from "@/lib/db/client";
import type { WindowLimiter } from "@/lib/limits/window-limiter";
import { log } from "@/lib/log";
import { callMattermost, createMattermostPost, type MattermostConfig } from "../transports/mattermost";
import { commandLimiterFromEnv, gateCommand } from "./command-limit";
import { answerCommand } from "./command-replies";
import { parseCommand } from "./commands";
import { claimChatEvent } from "./handled-events";

/** `commandLimiter`: commands per user (BOT_COMMANDS_PER_MINUTE when not given). */
export type MattermostBotOptions = MattermostConfig & {
  db: Db;
  reconnect?: { firstMs: number; maxMs: number };
  commandLimiter?: WindowLimiter;
};
export type MattermostBot = { stop(): Promise<void> };

type Post = {
  id: string;
  user_id: string;
  channel_id: string;
  message: string;
  type?: string;
  props?: Record<string, unknown>;
};
type SocketMessage = {
  event?: string;
  data?: { channel_type?: string; post?: string };
  status?: string;
  seq_reply?: number;
};

const botLog = log.child({ component: "mattermost-bot" });

/**
 * Starts the Mattermost bot: listens to `posted` events on the WebSocket API and answers commands. Resolves
 * once the socket is authenticated, so a wrong token or an unreachable server fails here (keepTrying retries).
 * A socket that drops later is reopened with backoff; the bot never reads history, so nothing is answered twice.
 */
export async function startMattermostBot(options: MattermostBotOptions): Promise<MattermostBot> {
  const me = await callMattermost<{ id: string; username: string }>(options, "GET", "/users/me");
  const delays = options.reconnect ?? { firstMs: 1_000, maxMs: 60_000 };
  const limiter = options.commandLimiter ?? commandLimiterFromEnv();
  let stopped = false;
  let socket: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;

  const scheduleReconnect = (delayMs: number) => {
    botLog.warn({ retryInMs: delayMs }, "mattermost websocket closed");
    timer = setTimeout(() => {
      connect().catch(() => {
        if (!stopped) scheduleReconnect(Math.min(delayMs * 2, delays.maxMs));
      });
    }, delayMs);
  };
  const connect = async (): Promise<void> => {
    const opened = await openAuthenticatedSocket(options, (post, channelType) =>
      handlePost(options, limiter, me.id, post, channelType).catch((error: unknown) =>
        botLog.error({ err: error, postId: post.id }, "mattermost post handling failed"),
      ),
    );
    if (stopped) return opened.close();
    socket = opened;
    opened.addEventListener("close", () => {
      if (!stopped) scheduleReconnect(delays.firstMs);
    });
  };
  await connect();
  botLog.info({ username: me.username }, "mattermost bot started");
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}

/** Opens `/api/v4/websocket` and sends the documented `authentication_challenge`; resolves on its OK reply. */
function openAuthenticatedSocket(
  config: MattermostConfig,
  onPosted: (post: Post, channelType: string | undefined) => void,
): Promise<WebSocket> {
  const url = new URL(`${config.serverUrl.replace(/\/+$/, "")}/api/v4/websocket`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.addEventListener("open", () =>
      socket.send(JSON.stringify({ seq: 1, action: "authentication_challenge", data: { token: config.botToken } })),
    );
    socket.addEventListener("error", () => reject(new Error("mattermost_websocket_failed")));
    socket.addEventListener("close", () => reject(new Error("mattermost_websocket_closed")));
    socket.addEventListener("message", (event) => {
      const message = parseSocketMessage(event.data);
      if (message?.seq_reply === 1) {
        if (message.status === "OK") resolve(socket);
        else {
          reject(new Error("mattermost_authentication_failed"));
          socket.close();
        }
      } else if (message?.event === "posted" && typeof message.data?.post === "string") {
        const post = parsePost(message.data.post);
        if (post) onPosted(post, message.data.channel_type);
      }
    });
  });
}

async function handlePost(
  options: MattermostBotOptions,
  limiter: WindowLimiter,
  botUserId: string,
  post: Post,
  channelType: string | undefined,
) {
  // System messages have a type; bots' posts carry props.from_bot: answering them could loop two bots forever.
  if (post.user_id === botUserId || post.type || post.props?.from_bot) return;
  const command = parseCommand(post.message);
  if (!command || !(await claimChatEvent(options.db, `mattermost:${post.id}`))) return;
  const lookUpSender = () =>
    callMattermost<{ username: string }>(options, "GET", `/users/${encodeURIComponent(post.user_id)}`);
  // Counted by user id, before the user lookup: a flood costs the Mattermost server nothing more.
  const gate = await gateCommand(options.db, limiter, {
    channelType: "mattermost",
    userKey: post.user_id,
    sender: async () => (await lookUpSender()).username,
  });
  if (gate.kind === "silent") return;
  if (gate.kind === "slowDown")
    return void (await createMattermostPost(options, { channelId: post.channel_id, message: gate.text }));
  const sender = await lookUpSender();
  const answer = await answerCommand(options.db, command, {
    sender: sender.username,
    roomId: post.channel_id,
    // "D" is a one-to-one direct channel; group messages ("G") and team channels are readable by others.
    isDirect: channelType === "D",
    channelType: "mattermost",
  });
  await createMattermostPost(options, { channelId: post.channel_id, message: answer });
}

function parseSocketMessage(data: unknown): SocketMessage | null {
  try {
    return typeof data === "string" ? (JSON.parse(data) as SocketMessage) : null;
  } catch {
    return null;
  }
}

/** The `post` field of a `posted` event is itself JSON-encoded. */
function parsePost(raw: string): Post | null {
  try {
    const post = JSON.parse(raw) as Partial<Post>;
    return typeof post.id === "string" &&
      typeof post.user_id === "string" &&
      typeof post.channel_id === "string" &&
      typeof post.message === "string"
      ? (post as Post)
      : null;
  } catch {
    return null;
  }
}
