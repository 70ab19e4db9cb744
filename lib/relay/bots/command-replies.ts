import { findLocaleForChatUser } from "@/lib/channels/data";
import type { Db } from "@/lib/db/client";
import { defaultLocale, type Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { consumeLinkToken } from "@/lib/link-tokens/mutations";
import type { LinkTokenFailure } from "@/lib/link-tokens/schema";
import { findMemberOfConversation, type LinkedMember, listTargetStatesForMember } from "@/lib/members/data";
import { unlinkConversation } from "@/lib/members/mutations";
import { type AlertmanagerApi, listMemberAlerts } from "@/lib/monitoring/alertmanager-api";
import { createSilence } from "@/lib/silences/mutations";
import { parseSilenceDuration, silenceTimeZone } from "@/lib/silences/schema";
import { cleanText } from "../intake/payload-text";
import type { BotCommand } from "./commands";

/** Where a command came from; `channelType` is the chat network, so a token only links a channel of that network. */
export type CommandContext = {
  sender: string;
  roomId: string;
  isDirect: boolean;
  channelType: "matrix" | "mattermost";
};
/** Services some commands use; without an Alertmanager, !status shows no alerts and !silence is refused. */
export type CommandServices = { alertmanager?: AlertmanagerApi | null; now?: Date };

type Translate = ReturnType<typeof translatorFor<"bot">>;

const failureKeys = {
  unknown: "link.unknown",
  expired: "link.expired",
  used: "link.used",
  wrong_sender: "link.wrongSender",
} as const satisfies Record<LinkTokenFailure, string>;

/** Acts on a command and returns the answer text, in the language of the member who owns the sender's account. */
export async function answerCommand(
  db: Db,
  command: BotCommand,
  received: CommandContext,
  services: CommandServices = {},
): Promise<string> {
  // Chat servers never send control characters in account or room ids, but a malformed event must not fail the
  // queries below (PostgreSQL refuses NUL): cleaned as Alertmanager's payloads are.
  const context = { ...received, sender: cleanText(received.sender), roomId: cleanText(received.roomId) };
  if (command.kind === "link" && command.token && context.isDirect) {
    const result = await consumeLinkToken(db, {
      token: command.token,
      sender: context.sender,
      roomId: context.roomId,
      channelType: context.channelType,
    });
    if (result.ok) return translatorFor(result.locale, "bot")("link.success");
    return translatorFor(await senderLocale(db, context), "bot")(failureKeys[result.reason]);
  }
  if (command.kind === "status" || command.kind === "silence" || command.kind === "unlink") {
    const member = await findMemberOfConversation(db, context);
    if (!member) return translatorFor(await senderLocale(db, context), "bot")("commands.notLinked");
    const t = translatorFor(member.locale, "bot");
    if (command.kind === "status") return answerStatus(db, member, t, services);
    if (command.kind === "silence") return answerSilence(db, member, command, t, services);
    await unlinkConversation(db, member.memberId, member.channelId);
    return t("unlink.done");
  }
  const t = translatorFor(await senderLocale(db, context), "bot");
  switch (command.kind) {
    case "link":
      // Alerts must not reach a room others can read, so only a one-to-one conversation may be linked.
      return command.token ? t("link.notDirect") : t("link.missingToken");
    case "help":
      return t("commands.help");
    case "unknown":
      return t("commands.unknown", { command: command.command });
  }
}

async function answerStatus(db: Db, member: LinkedMember, t: Translate, services: CommandServices): Promise<string> {
  const targets = await listTargetStatesForMember(db, member.memberId);
  if (targets.length === 0) return t("status.empty");
  let firing: Map<string, number> | null = null;
  if (services.alertmanager) {
    try {
      firing = new Map();
      for (const alert of await listMemberAlerts(services.alertmanager, member.memberId, { activeOnly: true })) {
        const target = alert.labels.target ?? "";
        firing.set(target, (firing.get(target) ?? 0) + 1);
      }
    } catch {
      firing = null;
    }
  }
  const lines = targets.map((target, index) => {
    const state = target.status !== "active" ? target.status : target.paused ? "paused" : "active";
    const alerts = firing?.get(target.id) ?? 0;
    const line = t("status.line", { number: index + 1, label: target.label, state: t(`status.states.${state}`) });
    return alerts > 0 ? `${line} ${t("status.firing", { count: alerts })}` : line;
  });
  const footer = firing === null ? [t("status.alertsUnknown")] : [];
  return [t("status.title"), ...lines, ...footer, t("status.hint")].join("\n");
}

async function answerSilence(
  db: Db,
  member: LinkedMember,
  command: Extract<BotCommand, { kind: "silence" }>,
  t: Translate,
  services: CommandServices,
): Promise<string> {
  const ms = command.duration ? parseSilenceDuration(command.duration) : null;
  if (ms === null) return t("silence.invalidDuration");
  let target: { id: string; label: string } | null = null;
  if (command.target) {
    const targets = await listTargetStatesForMember(db, member.memberId);
    const wanted = command.target.trim().toLowerCase();
    target = /^\d+$/.test(wanted)
      ? (targets[Number(wanted) - 1] ?? null)
      : (targets.find((candidate) => candidate.label.toLowerCase() === wanted) ?? null);
    if (!target) return t("silence.unknownTarget", { target: command.target.slice(0, 64) });
  }
  if (!services.alertmanager) return t("silence.unavailable");
  const now = services.now ?? new Date();
  const endsAt = new Date(now.getTime() + ms);
  const request = { kind: "once" as const, targetId: target?.id ?? null, startsAt: now, endsAt, comment: "" };
  try {
    const result = await createSilence(db, services.alertmanager, member.memberId, request, "bot");
    if (!result.ok) return t("silence.unavailable");
  } catch {
    return t("silence.unavailable");
  }
  const until = endsAt.toLocaleString(member.locale === "nl" ? "nl-BE" : member.locale === "en" ? "en-GB" : "fr-BE", {
    timeZone: silenceTimeZone,
    dateStyle: "short",
    timeStyle: "short",
  });
  return target ? t("silence.doneTarget", { until, target: target.label }) : t("silence.doneAll", { until });
}

async function senderLocale(db: Db, context: CommandContext): Promise<Locale> {
  return (await findLocaleForChatUser(db, context.channelType, context.sender)) ?? defaultLocale;
}
