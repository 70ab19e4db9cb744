import { useTranslations } from "next-intl";
import { Address } from "@/components/ui/address";
import type { TargetKindValue } from "@/lib/db/schema";
import type { InfraComponent } from "@/lib/infra/data";
import { type ComponentKind, dependencyKindOf } from "@/lib/infra/dependencies";
import { DependencyForm } from "./dependency-form";

export type DependentTarget = {
  id: string;
  kind: TargetKindValue;
  label: string;
  address: string;
  status: "active" | "pending" | "rejected";
  dependsOn: string | null;
  memberId: string;
  memberName: string | null;
};

/** VPS, bricks and VPN links with the component each depends on; only components of the matching kind are offered. */
export function DependencyTable(props: {
  targets: DependentTarget[];
  components: InfraComponent[];
  defaultVpnServer: InfraComponent | null;
}) {
  const t = useTranslations("ui.admin.infra.dependencies");
  const tTargets = useTranslations("ui.targets");
  const choicesFor = (kind: ComponentKind | undefined) =>
    props.components.filter((component) => component.kind === kind);
  return (
    <section className="space-y-4" aria-labelledby="dependencies-title">
      <h2 id="dependencies-title" className="text-xl font-semibold">
        {t("title")}
      </h2>
      <p>{t("intro")}</p>
      {props.targets.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="stacked-table w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2">
                {t("member")}
              </th>
              <th scope="col">{t("target")}</th>
              <th scope="col">{t("component")}</th>
            </tr>
          </thead>
          <tbody>
            {props.targets.map((target) => {
              const componentKind = dependencyKindOf[target.kind];
              const defaultName = componentKind === "vpn_server" ? (props.defaultVpnServer?.name ?? null) : null;
              return (
                <tr key={target.id} className="border-b border-slate-200 align-top" data-target-id={target.id}>
                  <td className="py-2" data-label={t("member")}>
                    {target.memberName ?? target.memberId}
                  </td>
                  <td data-label={t("target")}>
                    <div>
                      {tTargets(`kind.${target.kind}`)} · {target.label}
                      {target.status === "pending" ? ` (${t("pending")})` : ""}
                    </div>
                    <div className="font-mono text-slate-700">
                      <Address value={target.address} />
                    </div>
                  </td>
                  <td className="py-2" data-label={t("component")}>
                    <DependencyForm
                      targetId={target.id}
                      label={target.label}
                      current={target.dependsOn}
                      choices={choicesFor(componentKind)}
                      defaultName={defaultName}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
