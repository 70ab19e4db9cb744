import { getTranslations, setRequestLocale } from "next-intl/server";
import { requireMember } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { toLocale } from "@/lib/i18n/config";
import { listChannelsForMember } from "@/lib/channels/data";
import { ChannelsPanel } from "@/components/channels/channels-panel";

export default async function ChannelsPage({ params }: PageProps<"/[locale]/channels">) {
  const locale = toLocale((await params).locale);
  setRequestLocale(locale);
  const viewer = await requireMember(locale);
  const t = await getTranslations("ui.channels");
  const channels = await listChannelsForMember(await db(), viewer.memberId);

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p>{t("intro")}</p>
      </header>
      <ChannelsPanel
        botUserId={env().MATRIX_BOT_USER_ID ?? "@vigie:neutrinet.be"}
        initial={channels.map((channel) => ({ id: channel.id, type: channel.type, address: channel.address, verified: channel.verifiedAt !== null }))}
      />
    </div>
  );
}
