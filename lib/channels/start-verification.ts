import { parseSecretKey } from "@/lib/crypto";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { outboundPolicyFromEnv } from "@/lib/http/outbound-policy";
import type { Locale } from "@/lib/i18n/config";
import { issueLinkToken } from "@/lib/link-tokens/mutations";
import { channelAvailability } from "./availability";
import type { ChannelType } from "./schema";
import {
  emailLinkTtlMinutes,
  gotifyCodeTtlMinutes,
  mailConfirmationLink,
  pushGotifyCode,
  type SendFailure,
} from "./verification";
import { cooldownLimitsFromEnv, markVerificationSendFailed, reserveVerificationSend } from "./verification-cooldown";

/** What the page shows after a verification started; a chat token is shown once and never stored in clear. */
export type VerificationStarted =
  | {
      type: "matrix" | "mattermost";
      channelId: string;
      address: string;
      token: string;
      botAccount: string;
      expiresInMinutes: number;
    }
  | { type: "gotify" | "email"; channelId: string; address: string; expiresInMinutes: number };

/**
 * `cooldown`: this member asked for this address a moment ago; `member_limit`: the member had their hour's share;
 * `address_limit`: the address had its hour's share.
 */
export type VerificationFailure =
  | "unavailable"
  | "channel_not_found"
  | "cooldown"
  | "member_limit"
  | "address_limit"
  | SendFailure;
export type StartVerificationResult =
  | { ok: true; started: VerificationStarted }
  | { ok: false; reason: VerificationFailure; retryAfterSeconds?: number };

/**
 * Starts (or restarts) the verification of one of the member's channels, the way its type requires, unless a
 * cooldown holds it back (VERIFICATION_COOLDOWN_SECONDS, VERIFICATION_MAX_PER_ADDRESS_PER_HOUR).
 */
export async function startVerification(
  db: Db,
  env: Env,
  member: { memberId: string; locale: Locale },
  channel: { id: string; type: ChannelType; address: string },
): Promise<StartVerificationResult> {
  const available = channelAvailability(env);
  if (!available[channel.type]) return { ok: false, reason: "unavailable" };
  const send = { memberId: member.memberId, type: channel.type, address: channel.address };
  const slot = await reserveVerificationSend(db, send, cooldownLimitsFromEnv(env));
  if (!slot.ok) return slot;
  let result: StartVerificationResult | undefined;
  try {
    result = await sendVerification(db, env, member, channel, available);
    return result;
  } finally {
    // Failed or thrown: nothing reached the address, so the member may try again at once.
    if (!result?.ok) await markVerificationSendFailed(db, slot.sendId);
  }
}

async function sendVerification(
  db: Db,
  env: Env,
  member: { memberId: string; locale: Locale },
  channel: { id: string; type: ChannelType; address: string },
  available: ReturnType<typeof channelAvailability>,
): Promise<StartVerificationResult> {
  const base = { channelId: channel.id, address: channel.address };
  switch (channel.type) {
    case "matrix":
    case "mattermost": {
      const expiresInMinutes = env.LINK_TOKEN_TTL_MINUTES;
      const token = await issueLinkToken(db, {
        memberId: member.memberId,
        channelId: channel.id,
        ttlMinutes: expiresInMinutes,
      });
      const botAccount = (channel.type === "matrix" ? available.matrixBot : available.mattermostBot) ?? "";
      return { ok: true, started: { ...base, type: channel.type, token, botAccount, expiresInMinutes } };
    }
    case "gotify": {
      const secretKey = parseSecretKey(env.VIGIE_SECRET_KEY);
      const pushed = await pushGotifyCode(db, {
        ...member,
        channelId: channel.id,
        secretKey,
        policy: outboundPolicyFromEnv(env),
      });
      if (!pushed.ok) return pushed;
      return { ok: true, started: { ...base, type: "gotify", expiresInMinutes: gotifyCodeTtlMinutes } };
    }
    case "email": {
      const mail = { smtpUrl: env.SMTP_URL ?? "", from: env.MAIL_FROM ?? "" };
      const mailed = await mailConfirmationLink(db, {
        ...member,
        channelId: channel.id,
        address: channel.address,
        publicUrl: env.PUBLIC_URL,
        mail,
      });
      if (!mailed.ok) return mailed;
      return { ok: true, started: { ...base, type: "email", expiresInMinutes: emailLinkTtlMinutes } };
    }
  }
}
