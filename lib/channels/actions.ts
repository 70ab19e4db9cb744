"use server";

import { revalidatePath } from "next/cache";
import { memberAction, memberFormAction, publicFormAction } from "@/lib/action";
import { type Reason, type Refusal, refuse, refuseFields } from "@/lib/action-result";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { verifyCode } from "@/lib/link-tokens/codes";
import { consumeEmailToken } from "@/lib/link-tokens/mutations";
import type { LinkTokenFailure } from "@/lib/link-tokens/schema";
import { recordIdSchema as idSchema } from "@/lib/text-input";
import { findChannelForMember } from "./data";
import { createChannel, deleteChannel, setChannelMinSeverity } from "./mutations";
import {
  addressOf,
  type ChannelField,
  type ChannelType,
  emailTokenFormSchema,
  gotifyCodeInputSchema,
  minSeverityInputSchema,
  parseChannelInput,
} from "./schema";
import { startVerification, type VerificationFailure } from "./start-verification";
import { cooldownLimitsFromEnv, findVerificationWait } from "./verification-cooldown";

/** What the member typed, to fill the form again; the Gotify token is never sent back to the browser. */
export type ChannelFormValues = {
  type: string;
  matrixId: string;
  username: string;
  serverUrl: string;
  email: string;
  minSeverity: string;
};

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

function typedChannel(form: FormData): ChannelFormValues {
  return {
    type: text(form, "type"),
    matrixId: text(form, "matrixId"),
    username: text(form, "username"),
    serverUrl: text(form, "serverUrl"),
    email: text(form, "email"),
    minSeverity: text(form, "minSeverity") || "info",
  };
}

/** Declares a channel and starts its verification; the kept type and severity start the next form. */
export const addChannelAction = memberFormAction({
  input: (form) => parseChannelInput({ ...typedChannel(form), appToken: text(form, "appToken") }),
  typed: typedChannel,
  run: async (input, scope, viewer) => {
    const settings = env();
    let sealSecret: ((secret: string, channelId: string) => string) | undefined;
    if (input.type === "gotify") {
      // The address is judged by the guarded client when the code is pushed (lib/http/guarded-fetch.ts), at
      // connection time, as at every renewal and delivery: a check here would only repeat it earlier.
      if (!settings.VIGIE_SECRET_KEY) return refuse("channel_type_unavailable");
      const key = parseSecretKey(settings.VIGIE_SECRET_KEY);
      sealSecret = (secret, channelId) => encryptSecret(key, secret, channelId);
    }
    const database = await db();
    // Asked before the channel is touched: declaring it again would otherwise replace a Gotify token, then wait.
    const send = { memberId: scope.memberId, type: input.type, address: addressOf(input) };
    const wait = await findVerificationWait(database, send, cooldownLimitsFromEnv(settings));
    if (!wait.ok) return cooldownRefusal(wait.reason, wait.retryAfterSeconds);
    const declared = await createChannel(database, scope.memberId, input, {
      maxChannels: settings.MEMBER_MAX_CHANNELS,
      sealSecret,
    });
    if (!declared.ok) return refuse(declared.reason, { values: { limit: declared.limit } });
    const { channelId, created } = declared;
    const channel = await findChannelForMember(database, scope.memberId, channelId);
    if (!channel) return refuse("channel_not_found");
    const result = await startVerification(database, settings, viewer, channel);
    if (!result.ok) {
      // A channel that could not even start its verification is not kept: the member fixes the form and retries.
      if (created) await deleteChannel(database, scope.memberId, channelId);
      if (result.retryAfterSeconds !== undefined) return cooldownRefusal(result.reason, result.retryAfterSeconds);
      return verificationRefusal(input.type, result.reason);
    }
    revalidatePath("/[locale]/channels", "page");
    return { ok: true, started: result.started, minSeverity: input.minSeverity };
  },
});

/** A channel id as a client component passes it; anything else finds no channel. */

/** A new token, code or mail for a pending channel of the caller. */
export const renewVerificationAction = memberAction({
  input: idSchema,
  invalid: "channel_not_found",
  run: async (channelId, scope, viewer) => {
    const database = await db();
    const channel = await findChannelForMember(database, scope.memberId, channelId);
    if (!channel) return refuse("channel_not_found");
    const result = await startVerification(database, env(), viewer, channel);
    if (!result.ok && result.retryAfterSeconds !== undefined)
      return cooldownRefusal(result.reason, result.retryAfterSeconds);
    // Renewal has no form: the reason alone is said, whichever field it would sit under.
    if (!result.ok) return refuse(verificationRefusal(channel.type, result.reason).reason);
    return { ok: true, started: result.started };
  },
});

export const verifyGotifyCodeAction = memberFormAction({
  input: gotifyCodeInputSchema,
  // Control characters say so; any other malformed code or id is a wrong code (which costs no attempt).
  invalid: "code_wrong",
  run: async (input, scope) => {
    const result = await verifyCode(await db(), { memberId: scope.memberId, ...input });
    if (result.ok) {
      revalidatePath("/[locale]/channels", "page");
      return { ok: true };
    }
    return result.reason === "code_wrong"
      ? refuse("code_wrong", { values: { attemptsLeft: result.attemptsLeft } })
      : refuse(result.reason);
  },
});

export const setMinSeverityAction = memberAction({
  input: minSeverityInputSchema,
  // A malformed id finds no channel of the caller; a severity outside the list says so.
  invalid: "channel_not_found",
  run: async (input, scope) => {
    const ok = await setChannelMinSeverity(await db(), scope.memberId, input.channelId, input.minSeverity);
    if (!ok) return refuse("channel_not_found");
    revalidatePath("/[locale]/channels", "page");
    return { ok: true };
  },
});

export const deleteChannelAction = memberAction({
  input: idSchema,
  invalid: "channel_not_found",
  run: async (channelId, scope) => {
    const deleted = await deleteChannel(await db(), scope.memberId, channelId);
    revalidatePath("/[locale]/channels", "page");
    return deleted ? { ok: true } : refuse("channel_not_found");
  },
});

/** A cooldown's message and its wait: seconds for the member's own cooldown, whole minutes for an address's hour. */
function cooldownRefusal(
  reason: VerificationFailure,
  retryAfterSeconds: number,
): Refusal<ChannelField, ChannelFormValues> {
  if (reason === "cooldown") return refuse("verification_cooldown", { values: { seconds: retryAfterSeconds } });
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return refuse(reason === "member_limit" ? "verification_member_limit" : "verification_address_limit", {
    values: { minutes },
  });
}

/** Puts a failed verification start on the field the member can fix. */
function verificationRefusal(type: ChannelType, reason: VerificationFailure): Refusal<ChannelField, ChannelFormValues> {
  if (reason === "unavailable") return refuse("channel_type_unavailable");
  if (reason === "channel_not_found") return refuse("channel_not_found");
  if (type === "gotify") return refuseFields(gotifyFieldReason(reason));
  if (type === "email") return refuseFields({ email: reason === "refused" ? "email_refused" : "email_send_failed" });
  return refuse("unexpected");
}

function gotifyFieldReason(reason: VerificationFailure): Partial<Record<ChannelField, Reason>> {
  switch (reason) {
    case "refused":
      return { appToken: "gotify_token_refused" };
    case "redirected":
      return { serverUrl: "gotify_redirected" };
    case "address_not_allowed":
      return { serverUrl: "gotify_url_not_allowed" };
    default:
      return { serverUrl: "gotify_unreachable" };
  }
}

const linkFailureReasons: Record<LinkTokenFailure, Reason> = {
  unknown: "email_link_unknown",
  expired: "email_link_expired",
  used: "email_link_used",
  wrong_sender: "email_link_wrong_sender",
};

/**
 * Confirms an e-mail channel from the link in the confirmation mail. No session is needed: the token, mailed
 * to the address, is the proof. It takes a click (a POST), because mail scanners open links on their own.
 */
export const confirmEmailAction = publicFormAction({
  input: emailTokenFormSchema,
  invalid: linkFailureReasons.unknown,
  run: async ({ token }) => {
    const result = await consumeEmailToken(await db(), { token });
    if (!result.ok) return refuse(linkFailureReasons[result.reason]);
    revalidatePath("/[locale]/channels", "page");
    return { ok: true };
  },
});
