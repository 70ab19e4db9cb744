import { getTranslations } from "next-intl/server";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { PageHeader } from "@/components/ui/page-header";
import { env } from "@/lib/env";
import { listChannelsForMember } from "@/lib/channels/data";
import { ChannelsPanel } from "@/components/channels/channels-panel";

export default async function ChannelsPage({ params }: PageProps<"/[locale]/channels">) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.channels");
  const channels = await listChannelsForMember(await db(), viewer.memberId);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <ChannelsPanel
        botUserId={env().MATRIX_BOT_USER_ID ?? null}
        initial={channels.map((channel) => ({ id: channel.id, type: channel.type, address: channel.address, verified: channel.verifiedAt !== null }))}
      />
    </div>
  );
}
