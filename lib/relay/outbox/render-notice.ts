import type { Notice } from "@/lib/db/schema";
import type { Locale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/messages";
import { escapeHtml, type RenderedMessage, truncate } from "./render-message";

/** Targets an incident notice names; the rest are counted. Labels and the text are cut as alert lines are. */
const maxTargets = 20;
const maxTargetChars = 80;
/** An admin's note or a long list stays within the alert messages' budget even with every character escaped. */
const maxTextChars = 2_000;

export type NoticeToRender = {
  locale: Locale;
  notice: Notice;
  /** The member's own labels for the targets an incident touches, by id. */
  targetLabels: ReadonlyMap<string, string>;
  /** The portal's address, for the link to re-link a channel. */
  publicUrl: string;
};

/** Messages that are not alert groups: a channel that stopped working, an infrastructure incident, a paused target. */
export function renderNotice(input: NoticeToRender): RenderedMessage {
  const t = translatorFor(input.locale, "bot");
  const { notice } = input;
  switch (notice.type) {
    case "channel_disabled": {
      const channel = translatorFor(input.locale, "ui")(`channels.type.${notice.channelType}`);
      const url = new URL(`/${input.locale}/channels`, input.publicUrl).toString();
      return titled(
        t("notices.channelDisabledTitle"),
        t("notices.channelDisabled", { channel, address: notice.address, reason: notice.reason, url }),
      );
    }
    case "channel_test": {
      const channel = translatorFor(input.locale, "ui")(`channels.type.${notice.channelType}`);
      return titled(t("notices.channelTestTitle"), t("notices.channelTest", { channel, address: notice.address }));
    }
    case "infra_started":
    case "infra_ended": {
      const values = { component: notice.componentName, targets: listTargets(input, notice.targetIds) };
      return notice.type === "infra_started"
        ? titled(t("notices.infraStartedTitle"), t(`notices.infraStarted.${notice.componentKind}`, values))
        : titled(t("notices.infraEndedTitle"), t(`notices.infraEnded.${notice.componentKind}`, values));
    }
    case "infra_note":
      return titled(t("notices.infraNoteTitle", { component: notice.componentName }), notice.text);
    case "target_guard_paused": {
      const url = new URL(`/${input.locale}/targets`, input.publicUrl).toString();
      const values = {
        targets: listTargets(input, notice.targetIds),
        reason: t(`notices.guardPauseReason.${notice.reason}`),
        url,
      };
      return titled(t("notices.targetGuardPausedTitle"), t("notices.targetGuardPaused", values));
    }
    case "target_sent_to_review": {
      const url = new URL(`/${input.locale}/targets`, input.publicUrl).toString();
      return titled(
        t("notices.targetSentToReviewTitle"),
        t("notices.targetSentToReview", { targets: listTargets(input, notice.targetIds), url }),
      );
    }
  }
}

function titled(title: string, fullText: string): RenderedMessage {
  const text = truncate(fullText, maxTextChars);
  return {
    body: `${title}\n${text}`,
    formattedBody: `<p><strong>${escapeHtml(title)}</strong></p><p>${escapeHtml(text)}</p>`,
  };
}

/** "A, B and C" in the member's language; targets deleted since are left out. */
function listTargets(input: NoticeToRender, targetIds: readonly string[]): string {
  const labels = targetIds.flatMap((id) => {
    const label = input.targetLabels.get(id);
    return label ? [truncate(label, maxTargetChars)] : [];
  });
  const locales: Record<Locale, string> = { fr: "fr-BE", nl: "nl-BE", en: "en-GB" };
  const t = translatorFor(input.locale, "bot");
  if (labels.length === 0) return t("alerts.unknownTarget");
  const named =
    labels.length > maxTargets
      ? [...labels.slice(0, maxTargets), t("notices.moreTargets", { count: labels.length - maxTargets })]
      : labels;
  return new Intl.ListFormat(locales[input.locale], { type: "conjunction" }).format(named);
}
