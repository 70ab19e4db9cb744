import type { Locale } from "@/lib/i18n/config";

export type LinkTokenFailure = "unknown" | "expired" | "used" | "wrong_sender";

export type ConsumeLinkTokenResult =
  | { ok: true; channelId: string; memberId: string; locale: Locale }
  | { ok: false; reason: LinkTokenFailure };
