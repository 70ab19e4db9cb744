"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { verifyCode } from "@/lib/link-tokens/codes";
import { consumeEmailToken } from "@/lib/link-tokens/mutations";
import type { LinkTokenFailure } from "@/lib/link-tokens/schema";
import { findChannelForMember } from "./data";
import { createChannel, deleteChannel, setChannelMinSeverity } from "./mutations";
import { controlCharactersError, recordIdSchema as idSchema } from "@/lib/text-input";
import { addressOf, emailTokenSchema, gotifyCodeInputSchema, parseChannelInput, severitySchema, type ChannelFieldErrors, type ChannelType } from "./schema";
import { startVerification, type VerificationFailure, type VerificationStarted } from "./start-verification";
import { cooldownLimitsFromEnv, findVerificationWait } from "./verification-cooldown";

export type ChannelFormValues = { type: string; matrixId: string; username: string; serverUrl: string; email: string; minSeverity: string };

export type ChannelFormState = {
  status: "idle" | "invalid" | "started";
  errors: ChannelFieldErrors;
  /** What the member typed, to fill the form again; the Gotify token is never sent back to the browser. */
  values: ChannelFormValues;
  started?: VerificationStarted;
  /** What the error message quotes: the quota, or how long to wait. */
  errorValues?: ErrorValues;
};

export type ErrorValues = { limit?: number; seconds?: number; minutes?: number };
export type RenewState = { ok: true; started: VerificationStarted } | { ok: false; error: string; errorValues?: ErrorValues };
export type CodeFormState = { status: "idle" | "verified" | "invalid"; error?: string; attemptsLeft?: number };

const text = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function addChannelAction(_previous: ChannelFormState, form: FormData): Promise<ChannelFormState> {
  const values: ChannelFormValues = {
    type: text(form, "type"),
    matrixId: text(form, "matrixId"),
    username: text(form, "username"),
    serverUrl: text(form, "serverUrl"),
    email: text(form, "email"),
    minSeverity: text(form, "minSeverity") || "info",
  };
  const invalid = (errors: ChannelFieldErrors, errorValues?: ErrorValues): ChannelFormState => ({ status: "invalid", errors, values, errorValues });
  const viewer = await currentViewer();
  if (!viewer) return invalid({ form: "unexpected" });
  const parsed = parseChannelInput({ ...values, appToken: text(form, "appToken") });
  if (!parsed.ok) return invalid(parsed.errors);

  const settings = env();
  let sealSecret: ((secret: string, channelId: string) => string) | undefined;
  if (parsed.input.type === "gotify") {
    // The address is judged by the guarded client when the code is pushed (lib/http/guarded-fetch.ts), at
    // connection time, as at every renewal and delivery: a check here would only repeat it earlier.
    if (!settings.VIGIE_SECRET_KEY) return invalid({ form: "channel_type_unavailable" });
    const key = parseSecretKey(settings.VIGIE_SECRET_KEY);
    sealSecret = (secret, channelId) => encryptSecret(key, secret, channelId);
  }
  const database = await db();
  // Asked before the channel is touched: declaring it again would otherwise replace a Gotify token, then wait.
  const send = { memberId: viewer.memberId, type: parsed.input.type, address: addressOf(parsed.input) };
  const wait = await findVerificationWait(database, send, cooldownLimitsFromEnv(settings));
  if (!wait.ok) return invalid(...cooldownError(wait.reason, wait.retryAfterSeconds));
  const declared = await createChannel(database, viewer.memberId, parsed.input, { maxChannels: settings.MEMBER_MAX_CHANNELS, sealSecret });
  if (!declared.ok) return invalid({ form: declared.reason }, { limit: declared.limit });
  const { channelId, created } = declared;
  const channel = await findChannelForMember(database, viewer.memberId, channelId);
  if (!channel) return invalid({ form: "channel_not_found" });
  const result = await startVerification(database, settings, viewer, channel);
  if (!result.ok) {
    // A channel that could not even start its verification is not kept: the member fixes the form and retries.
    if (created) await deleteChannel(database, viewer.memberId, channelId);
    if (result.retryAfterSeconds !== undefined) return invalid(...cooldownError(result.reason, result.retryAfterSeconds));
    return invalid(fieldErrorFor(parsed.input.type, result.reason));
  }
  revalidatePath("/[locale]/channels", "page");
  return { status: "started", errors: {}, values: { ...values, matrixId: "", username: "", serverUrl: "", email: "" }, started: result.started };
}

/** A new token, code or mail for a pending channel of the caller. */
export async function renewVerificationAction(channelId: unknown): Promise<RenewState> {
  const id = idSchema.safeParse(channelId);
  const viewer = await currentViewer();
  if (!viewer || !id.success) return { ok: false, error: "channel_not_found" };
  const database = await db();
  const channel = await findChannelForMember(database, viewer.memberId, id.data);
  if (!channel) return { ok: false, error: "channel_not_found" };
  const result = await startVerification(database, env(), viewer, channel);
  if (!result.ok && result.retryAfterSeconds !== undefined) {
    const [errors, errorValues] = cooldownError(result.reason, result.retryAfterSeconds);
    return { ok: false, error: errors.form ?? "unexpected", errorValues };
  }
  if (!result.ok) return { ok: false, error: Object.values(fieldErrorFor(channel.type, result.reason))[0] ?? "unexpected" };
  return { ok: true, started: result.started };
}

export async function verifyGotifyCodeAction(_previous: CodeFormState, form: FormData): Promise<CodeFormState> {
  const input = gotifyCodeInputSchema.safeParse({
    channelId: form.get("channelId"),
    code: form.get("code"),
  });
  const viewer = await currentViewer();
  if (!viewer) return { status: "invalid", error: "unexpected" };
  if (!input.success) {
    const control = input.error.issues.some((issue) => issue.message === controlCharactersError);
    return { status: "invalid", error: control ? controlCharactersError : "code_wrong" };
  }
  const result = await verifyCode(await db(), { memberId: viewer.memberId, ...input.data });
  if (result.ok) {
    revalidatePath("/[locale]/channels", "page");
    return { status: "verified" };
  }
  return result.reason === "code_wrong"
    ? { status: "invalid", error: "code_wrong", attemptsLeft: result.attemptsLeft }
    : { status: "invalid", error: result.reason };
}

export async function setMinSeverityAction(channelId: unknown, minSeverity: unknown): Promise<{ ok: boolean }> {
  const id = idSchema.safeParse(channelId);
  const severity = severitySchema.safeParse(minSeverity);
  const viewer = await currentViewer();
  if (!viewer || !id.success || !severity.success) return { ok: false };
  const ok = await setChannelMinSeverity(await db(), viewer.memberId, id.data, severity.data);
  if (ok) revalidatePath("/[locale]/channels", "page");
  return { ok };
}

export async function deleteChannelAction(channelId: unknown): Promise<void> {
  const id = idSchema.safeParse(channelId);
  const viewer = await currentViewer();
  if (!viewer || !id.success) return;
  await deleteChannel(await db(), viewer.memberId, id.data);
  revalidatePath("/[locale]/channels", "page");
}

/** A cooldown's message and its wait: seconds for the member's own cooldown, whole minutes for an address's hour. */
function cooldownError(reason: VerificationFailure, retryAfterSeconds: number): [ChannelFieldErrors, ErrorValues] {
  if (reason === "cooldown") return [{ form: "verification_cooldown" }, { seconds: retryAfterSeconds }];
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return [{ form: reason === "member_limit" ? "verification_member_limit" : "verification_address_limit" }, { minutes }];
}

/** Puts a failed verification start on the field the member can fix. */
function fieldErrorFor(type: ChannelType, reason: VerificationFailure): ChannelFieldErrors {
  if (reason === "unavailable") return { form: "channel_type_unavailable" };
  if (reason === "channel_not_found") return { form: "channel_not_found" };
  if (type === "gotify") return gotifyFieldError(reason);
  if (type === "email") return { email: reason === "refused" ? "email_refused" : "email_send_failed" };
  return { form: "unexpected" };
}

function gotifyFieldError(reason: VerificationFailure): ChannelFieldErrors {
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

export type ConfirmEmailState = { status: "idle" | "confirmed" | "failed"; reason?: LinkTokenFailure };

/**
 * Confirms an e-mail channel from the link in the confirmation mail. No session is needed: the token, mailed
 * to the address, is the proof. It takes a click (a POST), because mail scanners open links on their own.
 */
export async function confirmEmailAction(_previous: ConfirmEmailState, form: FormData): Promise<ConfirmEmailState> {
  const token = emailTokenSchema.safeParse(form.get("token"));
  if (!token.success) return { status: "failed", reason: "unknown" };
  const result = await consumeEmailToken(await db(), { token: token.data });
  if (!result.ok) return { status: "failed", reason: result.reason };
  revalidatePath("/[locale]/channels", "page");
  return { status: "confirmed" };
}
