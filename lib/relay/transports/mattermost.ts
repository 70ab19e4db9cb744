import { fetchJson } from "./http-failure";
import type { MessageEditor, Transport } from "./transport";
import { TransportError } from "./transport-error";

export type MattermostConfig = {
  /** The server's base URL, e.g. https://chat.neutrinet.be (the API lives under /api/v4). */
  serverUrl: string;
  /** The bot account's personal access token. */
  botToken: string;
  timeoutMs?: number;
};

export type MattermostPost = {
  channelId: string;
  message: string;
  rootId?: string;
  /**
   * Mattermost's own dedupe key for posts (`pending_post_id`, what its clients send for their retries): the
   * server answers a post whose key it saw in the last 30 seconds with the post already created.
   */
  pendingPostId?: string;
};

/**
 * One call of the Mattermost REST API v4 with the bot's token. 401 is temporary: it means the bot's own token
 * is wrong, which an admin fixes, after which the member's alerts should still arrive.
 */
export function callMattermost<T>(config: MattermostConfig, method: string, path: string, body?: unknown): Promise<T> {
  return fetchJson<T>(
    "mattermost",
    `${config.serverUrl.replace(/\/+$/, "")}/api/v4${path}`,
    {
      method,
      headers: { authorization: `Bearer ${config.botToken}` },
      ...(body === undefined ? {} : { body }),
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    },
    [401],
  );
}

/** `POST /api/v4/posts`; a `rootId` makes it a reply in the thread of that post. Returns the post id. */
export async function createMattermostPost(config: MattermostConfig, post: MattermostPost): Promise<string> {
  const created = await callMattermost<{ id: string }>(config, "POST", "/posts", {
    channel_id: post.channelId,
    message: post.message,
    ...(post.rootId ? { root_id: post.rootId } : {}),
    ...(post.pendingPostId ? { pending_post_id: post.pendingPostId } : {}),
  });
  return created.id;
}

/**
 * The worker's Mattermost transport: posts in the direct channel the member linked with `!link`; a resolution
 * is posted in the thread of the firing message it closes. The notification id is the post's `pending_post_id`,
 * so a retry within Mattermost's 30-second dedupe window (a timed-out send, a worker killed mid-send whose lease
 * ran out) finds the post already made; a retry later than that may show it twice.
 */
export function createMattermostTransport(config: MattermostConfig): Transport {
  return async ({ notificationId, channel, message, replyTo }) => {
    if (!channel.roomId)
      throw new TransportError("mattermost: the channel has no direct channel yet", { permanent: true });
    return createMattermostPost(config, {
      channelId: channel.roomId,
      message: message.body,
      pendingPostId: notificationId,
      ...(replyTo ? { rootId: replyTo } : {}),
    });
  };
}

/**
 * The worker's Mattermost editor: `PUT /api/v4/posts/{post_id}/patch` with the new message, so a resolution
 * rewrites the firing post it closes. Patching is idempotent: a retried edit sets the same text again.
 */
export function createMattermostEditor(config: MattermostConfig): MessageEditor {
  return async ({ externalId, message }) => {
    const patched = await callMattermost<{ id: string }>(
      config,
      "PUT",
      `/posts/${encodeURIComponent(externalId)}/patch`,
      {
        message: message.body,
      },
    );
    return patched.id;
  };
}
