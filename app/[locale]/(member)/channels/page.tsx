import { getTranslations } from "next-intl/server";
import { ChannelsPanel } from "@/components/channels/channels-panel";
import { toChannelView } from "@/components/channels/types";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { channelAvailability } from "@/lib/channels/availability";
import { listChannelsForMember } from "@/lib/channels/data";
import { channelTypes } from "@/lib/channels/schema";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";

export default async function ChannelsPage({ params }: PageProps<"/[locale]/channels">) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.channels");
  const channels = await listChannelsForMember(await db(), viewer.memberId);
  const available = channelAvailability(env());

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <ChannelsPanel types={channelTypes.filter((type) => available[type])} initial={channels.map(toChannelView)} />
    </div>
  );
}
