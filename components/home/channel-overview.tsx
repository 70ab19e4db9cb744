import { useTranslations } from "next-intl";
import { type ChannelType, channelTypes } from "@/lib/channels/schema";

/**
 * Every way Vigie can reach a member, one sentence each; a type this server is not set up for is still named,
 * marked as not offered here, so nobody signs in looking for it.
 */
export function ChannelOverview({ offered }: { offered: Record<ChannelType, boolean> }) {
  const t = useTranslations("ui.home");
  return (
    <section aria-labelledby="home-channels-title" className="space-y-3">
      <h2 id="home-channels-title" className="text-xl font-semibold">
        {t("channelsTitle")}
      </h2>
      <ul className="max-w-prose list-disc space-y-2 pl-6">
        {/* Every type there is: a new one fails the type check until the catalogues describe it. */}
        {channelTypes.map((type) => (
          <li key={type} data-channel-type={type}>
            {t.rich(`channels.${type}`, { name: (chunks) => <strong>{chunks}</strong> })}
            {!offered[type] && <span className="text-slate-600"> {t("unavailable")}</span>}
          </li>
        ))}
      </ul>
      <p className="max-w-prose">{t("severity")}</p>
    </section>
  );
}
