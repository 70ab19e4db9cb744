import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/settings/settings-form";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { findMemberSettings } from "@/lib/members/data";
import { settingsFormValuesOf } from "@/lib/members/settings-schema";
import { defaultAlertSettings } from "@/lib/monitoring/snapshot";
import { weekdays } from "@/lib/silences/schema";

export default async function SettingsPage({ params }: { params: Promise<{ locale: string }> }) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.settings");
  const tSilences = await getTranslations("ui.silences");
  const settings = (await findMemberSettings(await db(), viewer.memberId)) ?? {
    ...defaultAlertSettings,
    messageRetentionDays: 30,
  };
  const dayNames = Object.fromEntries(weekdays.map((day) => [day, tSilences(`weekdays.${day}`)]));

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <SettingsForm initial={settingsFormValuesOf(settings)} dayNames={dayNames} />
    </div>
  );
}
