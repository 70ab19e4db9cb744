import { AsyncLocalStorage } from "node:async_hooks";
import fc from "fast-check";
import type { Viewer } from "@/lib/auth";
import type { Db } from "@/lib/db/client";
import { answerCommand } from "@/lib/relay/bots/command-replies";
import { isAcknowledgement, parseCommand } from "@/lib/relay/bots/commands";
import { createFakeAlertmanager } from "@/lib/testing/alertmanager.fake";
import { hostileOrLongText, hostileText } from "@/lib/testing/hostile-text";
import { type AlertmanagerPost, infraGroupPost, memberGroupPost, type PostWorld } from "./alertmanager-posts";
import type { Outcome } from "./run-fuzz";
import type { FuzzWorld } from "./world";

/** Who calls a server action; kept per call, since the fuzzer runs several at once. */
export const callerStore = new AsyncLocalStorage<Viewer | null>();

/** Posts to the relay listener as Alertmanager would; the answer's status decides the outcome. */
export function alertmanagerEndpoint(baseUrl: string, path: string) {
  return async (post: AlertmanagerPost): Promise<Outcome> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(post.authorization === null ? {} : { authorization: post.authorization }),
      },
      body: post.body,
    });
    await response.arrayBuffer();
    if (response.status >= 500) return { kind: "server_error", status: response.status };
    return response.ok ? { kind: "accepted" } : { kind: "refused" };
  };
}

export const alertmanagerPosts = (world: FuzzWorld, token: string) => {
  const postWorld: PostWorld = {
    token,
    memberIds: world.memberIds,
    targetIds: world.targetIds,
    componentIds: world.componentIds,
  };
  return { member: memberGroupPost(postWorld), infra: infraGroupPost(postWorld) };
};

export type ChatMessage = {
  body: string;
  conversation: { sender: string; roomId: string; channelType: "matrix" | "mattermost" };
  isDirect: boolean;
};

/** A chat message from a linked member, a stranger, or a linked account writing from another room. */
export function chatMessages(world: FuzzWorld): fc.Arbitrary<ChatMessage> {
  const words = fc.oneof(
    fc.constantFrom(
      "!link",
      "!help",
      "!aide",
      "!hulp",
      "!status",
      "!statut",
      "!état",
      "!silence",
      "!stilte",
      "!unlink",
      "!",
      "!!",
      "ack",
    ),
    fc.constantFrom("1h", "30m", "2d", "0m", "99999h", "1", "2", "Brique fr", "-5m"),
    hostileText,
  );
  const body = fc.oneof(
    fc.array(words, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(" ")),
    hostileOrLongText,
  );
  const conversation = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...world.conversations) },
    {
      weight: 1,
      arbitrary: fc.record({
        sender: hostileText,
        roomId: hostileText,
        channelType: fc.constantFrom<"matrix" | "mattermost">("matrix", "mattermost"),
      }),
    },
  );
  return fc.record({ body, conversation, isDirect: fc.boolean() });
}

/** The bot's path for one message: parse it, act, answer; every command must get a non-empty answer. */
export function botCommandHandler(db: Db, world: FuzzWorld) {
  const alertmanager = createFakeAlertmanager(
    world.targetIds.map((target, index) => ({
      fingerprint: `f${index}`,
      labels: { alertname: "BlackboxProbeFailed", member: world.memberIds[index % 3]!, target },
    })),
  ).api;
  return async (message: ChatMessage): Promise<Outcome> => {
    isAcknowledgement(message.body);
    const command = parseCommand(message.body);
    if (!command) return { kind: "refused" };
    const answer = await answerCommand(
      db,
      command,
      { ...message.conversation, isDirect: message.isDirect },
      { alertmanager, now: new Date() },
    );
    if (typeof answer !== "string" || answer.trim() === "") throw new Error(`empty answer to ${command.kind}`);
    return { kind: "accepted" };
  };
}
