import { getTranslations } from "next-intl/server";
import { SilenceForm } from "@/components/silences/silence-form";
import { type SilenceRow, SilenceTable } from "@/components/silences/silence-table";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { listTargetStatesForMember } from "@/lib/members/data";
import { type ListedSilence, listSilences } from "@/lib/silences/data";
import { silenceTimeZone, type Weekday } from "@/lib/silences/schema";

const intlLocales = { fr: "fr-BE", nl: "nl-BE", en: "en-GB" } as const;
const weekOrder: Weekday[] = [1, 2, 3, 4, 5, 6, 0];

export default async function SilencesPage({ params }: { params: Promise<{ locale: string }> }) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.silences");
  const database = await db();
  const [silences, targets] = await Promise.all([
    listSilences(database, viewer.memberId),
    listTargetStatesForMember(database, viewer.memberId),
  ]);
  const format = new Intl.DateTimeFormat(intlLocales[viewer.locale], {
    timeZone: silenceTimeZone,
    dateStyle: "medium",
    timeStyle: "short",
  });

  const describe = (silence: ListedSilence): string => {
    if (silence.kind === "weekly" && silence.weekly) {
      const days = weekOrder.filter((day) => silence.weekly!.weekdays.includes(day)).map((day) => t(`weekdays.${day}`));
      return t("weeklyWindow", { days: days.join(", "), start: silence.weekly.start, end: silence.weekly.end });
    }
    const start = silence.startsAt ? format.format(silence.startsAt) : "";
    if (silence.createdVia === "ack" && silence.state !== "ended") return t("untilResolved", { start });
    return t("window", { start, end: silence.endsAt ? format.format(silence.endsAt) : "" });
  };
  const rows: SilenceRow[] = silences.map((silence) => ({
    id: silence.id,
    target: silence.targetLabel,
    when: describe(silence),
    origin: silence.createdVia,
    state: silence.state,
  }));

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
