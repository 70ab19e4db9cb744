import { decryptSecret } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import { OutboundError } from "@/lib/http/outbound-error";
import type { OutboundPolicy } from "@/lib/http/outbound-policy";
import type { Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { issueVerificationCode } from "@/lib/link-tokens/codes";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { createMailer, type EmailConfig } from "@/lib/relay/transports/email";
import { gotifyPriorities, sendGotifyMessage } from "@/lib/relay/transports/gotify";
import { TransportError } from "@/lib/relay/transports/transport-error";
import { findGotifyDestination } from "./data";

/** A confirmation link is opened from a mailbox, often hours later; a Gotify code is typed within minutes. */
export const emailLinkTtlMinutes = 48 * 60;
export const gotifyCodeTtlMinutes = 15;

/**
 * `refused`: the server rejected the token or the address; `redirected`: it answered with a redirect, which is
 * never followed; `address_not_allowed`: the address is (or now resolves to) one Vigie does not call.
 */
export type SendFailure = "unreachable" | "refused" | "redirected" | "address_not_allowed";

/**
 * Pushes a fresh code to the member's Gotify server (the code is never returned to the browser: typing it back
 * proves the member reads that Gotify app). It goes through the guarded client at every push, renewals
 * included: the name may resolve elsewhere since the channel was added.
 */
export async function pushGotifyCode(
  db: Db,
  input: { memberId: string; channelId: string; locale: Locale; secretKey: Buffer; policy: OutboundPolicy },
): Promise<{ ok: true } | { ok: false; reason: SendFailure | "channel_not_found" }> {
  const destination = await findGotifyDestination(db, input.memberId, input.channelId);
  if (!destination) return { ok: false, reason: "channel_not_found" };
  const appToken = decryptSecret(input.secretKey, destination.secretCiphertext, input.channelId);
  const code = await issueVerificationCode(db, {
    memberId: input.memberId,
    channelId: input.channelId,
    ttlMinutes: gotifyCodeTtlMinutes,
  });
  const t = translatorFor(input.locale, "ui");
  try {
    await sendGotifyMessage(
      { serverUrl: destination.serverUrl, appToken, timeoutMs: 10_000, policy: input.policy },
      {
        title: t("channels.gotifyPush.title"),
        message: t("channels.gotifyPush.message", { code, minutes: gotifyCodeTtlMinutes }),
        priority: gotifyPriorities.code,
      },
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: sendFailureOf(error) };
  }
}

/** Mails a confirmation link for one of the member's e-mail channels. */
export async function mailConfirmationLink(
  db: Db,
  input: { memberId: string; channelId: string; address: string; locale: Locale; publicUrl: string; mail: EmailConfig },
): Promise<{ ok: true } | { ok: false; reason: SendFailure }> {
  const token = await issueLinkToken(db, {
    memberId: input.memberId,
    channelId: input.channelId,
    ttlMinutes: emailLinkTtlMinutes,
  });
  const link = new URL(`/${input.locale}/channels/confirm/${token}`, input.publicUrl).toString();
  const t = translatorFor(input.locale, "ui");
  const mailer = createMailer(input.mail);
  try {
    await mailer.send({
      to: input.address,
      subject: t("channels.confirmMail.subject"),
      text: t("channels.confirmMail.body", { link, hours: emailLinkTtlMinutes / 60 }),
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: sendFailureOf(error) };
  } finally {
    mailer.close();
  }
}

function sendFailureOf(error: unknown): SendFailure {
  const outbound = error instanceof Error && error.cause instanceof OutboundError ? error.cause.reason : undefined;
  if (outbound === "redirected") return "redirected";
  if (outbound === "address_not_allowed" || outbound === "address_is_monitoring_host") return "address_not_allowed";
  if (outbound) return "unreachable";
  return error instanceof TransportError && error.permanent ? "refused" : "unreachable";
}
