import type { ChannelType } from "./schema";

/** Which plain-language sentence explains why a transport disabled a channel (keys of `channels.disabled.reasons`). */
export type DisabledReasonKind =
  | "matrix_removed"
  | "mattermost_refused"
  | "email_refused"
  | "gotify_refused"
  | "gotify_redirected"
  | "gotify_address_refused"
  | "other";

/**
 * Maps the transport's error text (lib/relay/transports: "matrix: HTTP 403 M_FORBIDDEN", "email: SMTP 550",
 * "gotify: HTTP 401") to the sentence the member reads. The raw text stays available for support; anything not
 * recognised, including a reason from another channel type, gets the generic sentence rather than a wrong one.
 */
export function classifyDisabledReason(type: ChannelType, reason: string | null): DisabledReasonKind {
  const text = reason ?? "";
  const httpStatus = Number(/^\w+: HTTP (\d{3})\b/.exec(text)?.[1] ?? 0);
  switch (type) {
    case "matrix":
      return text.startsWith("matrix:") && (httpStatus === 403 || httpStatus === 404) ? "matrix_removed" : "other";
    case "mattermost":
      return text.startsWith("mattermost:") && (httpStatus === 403 || httpStatus === 404)
        ? "mattermost_refused"
        : "other";
    case "gotify":
      return gotifyReason(text, httpStatus);
    case "email": {
      const smtpCode = Number(/^email: SMTP (\d{3})\b/.exec(text)?.[1] ?? 0);
      return smtpCode >= 500 && smtpCode < 600 ? "email_refused" : "other";
    }
  }
}

/** The guarded client's refusals (lib/http/outbound-error.ts) read "gotify: redirected (HTTP 307)", "gotify: address_…". */
function gotifyReason(text: string, httpStatus: number): DisabledReasonKind {
  if (text.startsWith("gotify: redirected")) return "gotify_redirected";
  if (/^gotify: address_(not_allowed|is_monitoring_host)$/.test(text)) return "gotify_address_refused";
  return text.startsWith("gotify:") && [401, 403, 404].includes(httpStatus) ? "gotify_refused" : "other";
}
