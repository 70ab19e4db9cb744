"use server";

import { revalidatePath } from "next/cache";
import { currentViewer } from "@/lib/auth";
import { encryptSecret, parseSecretKey } from "@/lib/crypto";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { checkHost } from "@/lib/targets/network-guard";
import { verifyCode } from "@/lib/link-tokens/codes";
import { consumeEmailToken } from "@/lib/link-tokens/mutations";
import type { LinkTokenFailure } from "@/lib/link-tokens/schema";
import { findChannelForMember } from "./data";
import { createChannel, deleteChannel, setChannelMinSeverity } from "./mutations";
import { controlCharactersError, recordIdSchema as idSchema } from "@/lib/text-input";
import { emailTokenSchema, gotifyCodeInputSchema, parseChannelInput, severitySchema, type ChannelFieldErrors, type ChannelType } from "./schema";
import { startVerification, type VerificationFailure, type VerificationStarted } from "./start-verification";

export type ChannelFormValues = { type: string; matrixId: string; username: string; serverUrl: string; email: string; minSeverity: string };

export type ChannelFormState = {
  status: "idle" | "invalid" | "started";
  errors: ChannelFieldErrors;
  /** What the member typed, to fill the form again; the Gotify token is never sent back to the browser. */
  values: ChannelFormValues;
  started?: VerificationStarted;
};

export type RenewState = { ok: true; started: VerificationStarted } | { ok: false; error: string };
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
  const invalid = (errors: ChannelFieldErrors): ChannelFormState => ({ status: "invalid", errors, values });
  const viewer = await currentViewer();
  if (!viewer) return invalid({ form: "unexpected" });
  const parsed = parseChannelInput({ ...values, appToken: text(form, "appToken") });
  if (!parsed.ok) return invalid(parsed.errors);

  const settings = env();
  let sealSecret: ((secret: string, channelId: string) => string) | undefined;
  if (parsed.input.type === "gotify") {
    if (!settings.VIGIE_SECRET_KEY) return invalid({ form: "channel_type_unavailable" });
    // The portal itself calls this server: the same guard as for probes keeps members off internal services.
    const verdict = await checkHost(new URL(parsed.input.serverUrl).hostname, settings.TARGET_ALLOWED_NETWORKS);
    if (!verdict.ok) return invalid({ serverUrl: verdict.reason === "host_not_found" ? "gotify_unreachable" : "gotify_url_not_allowed" });
    const key = parseSecretKey(settings.VIGIE_SECRET_KEY);
    sealSecret = (secret, channelId) => encryptSecret(key, secret, channelId);
  }
  const database = await db();
  const { channelId, created } = await createChannel(database, viewer.memberId, parsed.input, sealSecret);
  const channel = await findChannelForMember(database, viewer.memberId, channelId);
  if (!channel) return invalid({ form: "channel_not_found" });
  const result = await startVerification(database, settings, viewer, channel);
  if (!result.ok) {
    // A channel that could not even start its verification is not kept: the member fixes the form and retries.
    if (created) await deleteChannel(database, viewer.memberId, channelId);
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

/** Puts a failed verification start on the field the member can fix. */
function fieldErrorFor(type: ChannelType, reason: VerificationFailure): ChannelFieldErrors {
  if (reason === "unavailable") return { form: "channel_type_unavailable" };
  if (reason === "channel_not_found") return { form: "channel_not_found" };
  if (type === "gotify") return reason === "refused" ? { appToken: "gotify_token_refused" } : { serverUrl: "gotify_unreachable" };
  if (type === "email") return { email: reason === "refused" ? "email_refused" : "email_send_failed" };
  return { form: "unexpected" };
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
