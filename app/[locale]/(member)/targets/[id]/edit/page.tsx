import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { TargetForm } from "@/components/targets/target-form";
import { TargetState } from "@/components/targets/target-state";
import { PageHeader } from "@/components/ui/page-header";
import { enterPage } from "@/lib/auth";
import { db } from "@/lib/db/client";
import { Link } from "@/lib/i18n/navigation";
import { toFormValues } from "@/lib/targets/address";
import { findTargetForMember } from "@/lib/targets/data";

export default async function EditTargetPage({ params }: { params: Promise<{ locale: string; id: string }> }) {
  const { viewer } = await enterPage(params, "member");
  const t = await getTranslations("ui.targets");
  // Someone else's id shows the same "not found" as an unknown one.
  const target = await findTargetForMember(await db(), viewer.memberId, (await params).id);
  if (!target) notFound();

  return (
    <div className="space-y-6">
      <PageHeader title={t("editTitle", { label: target.label })} intro={t("editIntro")} />
      <TargetState target={target} />
      <TargetForm mode="edit" title={t(`kind.${target.kind}`)} targetId={target.id} values={toFormValues(target)} />
      <p>
        <Link href="/targets" className="underline focus-visible:outline-2 focus-visible:outline-offset-2">
          {t("back")}
        </Link>
      </p>
    </div>
  );
}
