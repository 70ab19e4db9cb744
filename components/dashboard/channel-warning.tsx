import { useFormatter, useTranslations } from "next-intl";
import type { ChannelView } from "@/components/channels/types";
import { Link } from "@/lib/i18n/navigation";

/**
 * Tells the member when their alerts reach fewer places than they think: channels a transport disabled, or no
 * usable channel at all. A labelled region rather than an alert: it is read in page order, not shouted on load.
 */
export function ChannelWarning({ channels }: { channels: ChannelView[] }) {
  const t = useTranslations("ui.dashboard.channelHealth");
  const tChannels = useTranslations("ui.channels");
  const format = useFormatter();
  const disabled = channels.filter((channel) => channel.state === "disabled" && channel.disabled);
  const noneUsable = !channels.some((channel) => channel.state === "verified");
  if (disabled.length === 0 && !noneUsable) return null;

  return (
    <section
      aria-labelledby="channel-warning-title"
      className="space-y-2 rounded border-2 border-amber-700 bg-amber-50 p-4"
    >
      <h2 id="channel-warning-title" className="text-lg font-semibold">
        {t(noneUsable ? "noneUsableTitle" : "disabledTitle")}
      </h2>
      {noneUsable && <p>{t(channels.length === 0 ? "noChannel" : "noneUsable")}</p>}
      {disabled.length > 0 && (
        <ul className="list-disc space-y-1 pl-5">
          {disabled.map((channel) => (
            <li key={channel.id}>
              {t("disabledItem", {
                type: tChannels(`type.${channel.type}`),
                address: channel.address,
                date: format.dateTime(new Date(channel.disabled!.at), {
                  dateStyle: "medium",
                  timeZone: "Europe/Brussels",
                }),
              })}{" "}
              {tChannels(`disabled.reasons.${channel.disabled!.kind}`)}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/channels" className="font-medium underline">
          {t(disabled.length > 0 ? "relinkLink" : "addLink")}
        </Link>
      </p>
    </section>
  );
}
