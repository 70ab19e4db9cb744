import { useTranslations } from "next-intl";
import { DeleteRowButton } from "@/components/ui/delete-row-button";
import { targetKinds } from "@/lib/db/schema";
import { deleteTierAction } from "@/lib/tiers/actions";
import type { TierSummary } from "@/lib/tiers/data";
import { victoriaMetricsRetention } from "@/lib/tiers/schema";
import { tierServiceUsername } from "@/lib/tiers/service-users";
import { KindTierForm } from "./kind-tier-form";
import { TierForm } from "./tier-form";

/**
 * Each tier with what uses it, its vmauth service users (names and where the sync writes their passwords, for the
 * deployment; never the passwords), its edit form and delete button; the form to add one; then each kind's tier.
 */
export function TierTable({
  tiers,
  kindTiers,
  serviceUsersFolder,
}: {
  tiers: TierSummary[];
  kindTiers: ReadonlyArray<{ kind: string; tierId: string }>;
  serviceUsersFolder: string;
}) {
  const t = useTranslations("ui.admin.tiers");
  const tKind = useTranslations("ui.targets.kind");
  const tierOf = new Map(kindTiers.map((row) => [row.kind, row.tierId]));
  // A tier holding antennas is never offered to a kind (the save refuses it too); a kind already on one keeps it in its
  // own list, so the select shows the truth.
  const choicesFor = (kind: string) =>
    tiers
      .filter((tier) => !tier.holdsAntennas || tierOf.get(kind) === tier.id)
      .map((tier) => ({ id: tier.id, name: tier.name }));
  return (
    <>
      <section className="space-y-4" aria-labelledby="tiers-title">
        <h2 id="tiers-title" className="text-xl font-semibold">
          {t("listTitle")}
        </h2>
        {tiers.length === 0 && <p>{t("empty")}</p>}
        <ul className="space-y-4">
          {tiers.map((tier) => {
            const uses = targetKinds.filter((kind) => tierOf.get(kind) === tier.id).map((kind) => tKind(kind));
            return (
              <li key={tier.id} className="rounded border border-slate-300 p-4" data-tier-id={tier.id}>
                <h3 className="font-semibold">{tier.name}</h3>
                <dl className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 max-sm:[&>dt]:font-medium sm:grid-cols-[max-content_minmax(0,1fr)] text-sm">
                  <dt>{t("form.retention")}</dt>
                  <dd className="font-mono">{tier.retention}</dd>
                  <dt>{t("retentionFlag")}</dt>
                  <dd>
                    <code>-retentionPeriod={victoriaMetricsRetention(tier.retention)}</code>
                  </dd>
                  <dt>{t("form.writeUrl")}</dt>
                  <dd className="font-mono break-all">{tier.writeUrl}</dd>
                  <dt>{t("form.readUrl")}</dt>
                  <dd className="font-mono break-all">{tier.readUrl}</dd>
                  <dt>{t("credentials")}</dt>
                  <dd>
                    {tier.readUsername
                      ? t(tier.hasReadPassword ? "credentialsWithPassword" : "credentialsUserOnly", {
                          user: tier.readUsername,
                        })
                      : tier.hasServiceUsers
                        ? t("credentialsOwnReader", { user: tierServiceUsername("reader", tier.id) })
                        : t("credentialsNone")}
                  </dd>
                  <dt>{t("serviceUsers")}</dt>
                  <dd>
                    {tier.hasServiceUsers
                      ? t("serviceUsersValue", {
                          writer: tierServiceUsername("writer", tier.id),
                          reader: tierServiceUsername("reader", tier.id),
                          dir: serviceUsersFolder,
                        })
                      : t("serviceUsersNone")}
                  </dd>
                  <dt>{t("usedBy")}</dt>
                  <dd>{uses.length > 0 ? uses.join(", ") : t("unused")}</dd>
                </dl>
                <details className="mt-2">
                  <summary className="cursor-pointer underline">{t("edit", { name: tier.name })}</summary>
                  <div className="mt-2">
                    <TierForm existing={tier} />
                  </div>
                </details>
                <div className="mt-2">
                  <DeleteRowButton
                    action={deleteTierAction}
                    idField="tierId"
                    id={tier.id}
                    label={t("deleteLabel", { name: tier.name })}
                  >
                    {t("delete")}
                  </DeleteRowButton>
                </div>
              </li>
            );
          })}
        </ul>
        <h3 className="text-lg font-semibold">{t("addTitle")}</h3>
        <TierForm />
      </section>
      <section className="space-y-4" aria-labelledby="kind-tiers-title">
        <h2 id="kind-tiers-title" className="text-xl font-semibold">
          {t("kinds.title")}
        </h2>
        <p>{t("kinds.intro")}</p>
        <table className="stacked-table w-full text-left">
          <thead>
            <tr>
              <th scope="col" className="py-2 pr-4">
                {t("kinds.kind")}
              </th>
              <th scope="col" className="py-2">
                {t("kinds.tier")}
              </th>
            </tr>
          </thead>
          <tbody>
            {targetKinds.map((kind) => (
              <tr key={kind} className="border-t border-slate-200" data-kind={kind}>
                <th scope="row" className="py-2 pr-4 font-normal">
                  {tKind(kind)}
                </th>
                <td className="py-2" data-label={t("kinds.tier")}>
                  <KindTierForm
                    kind={kind}
                    kindName={tKind(kind)}
                    current={tierOf.get(kind) ?? null}
                    choices={choicesFor(kind)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
