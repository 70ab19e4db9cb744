import { getTranslations } from "next-intl/server";
import { SilenceForm } from "@/components/silences/silence-form";
import { silenceRows } from "@/components/silences/silence-rows";
import { SilenceTable } from "@/components/silences/silence-table";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listTargetStatesForMember } from "@/lib/members/data";
import { listSilences } from "@/lib/silences/data";

export default async function SilencesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale, viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.silences");
  const database = await db();
  const [silences, targets] = await Promise.all([
    listSilences(database, viewer.memberId),
    listTargetStatesForMember(database, viewer.memberId),
  ]);
  const rows = silenceRows(silences, locale);

  return (
    <div className="space-y-8">
      <PageHeader title={t("title")} intro={t("intro")} />
      <section aria-labelledby="silence-list-title" className="space-y-4">
        <h2 id="silence-list-title" className="text-xl font-semibold">
          {t("listTitle")}
        </h2>
        <SilenceTable silences={rows} />
      </section>
      <SilenceForm targets={targets.map(({ id, label }) => ({ id, label }))} />
    </div>
  );
}
