import { useTranslations } from "next-intl";
import { DeleteRowButton } from "@/components/ui/delete-row-button";
import { deleteComponentAction } from "@/lib/infra/actions";
import type { InfraComponent } from "@/lib/infra/data";
import { ComponentForm } from "./component-form";

/** Each component with its edit form and delete button, then the form to add one. */
export function ComponentTable({
  components,
  dependents,
}: {
  components: InfraComponent[];
  dependents: ReadonlyMap<string, number>;
}) {
  const t = useTranslations("ui.admin.infra.components");
  return (
    <section className="space-y-4" aria-labelledby="components-title">
      <h2 id="components-title" className="text-xl font-semibold">
        {t("title")}
      </h2>
      {components.length === 0 && <p>{t("empty")}</p>}
      <ul className="space-y-4">
        {components.map((component) => (
          <li key={component.id} className="rounded border border-slate-300 p-4" data-component-id={component.id}>
            <p className="font-medium">
              {t(`kinds.${component.kind}`)} · <span className="font-mono">{component.address}</span> ·{" "}
              {t("dependents", { count: dependents.get(component.id) ?? 0 })}
            </p>
            <details className="mt-2">
              <summary className="cursor-pointer underline">{t("edit", { name: component.name })}</summary>
              <div className="mt-2">
                <ComponentForm existing={component} />
              </div>
            </details>
            <div className="mt-2">
              <DeleteRowButton
                action={deleteComponentAction}
                idField="componentId"
                id={component.id}
                label={t("deleteLabel", { name: component.name })}
              >
                {t("delete")}
              </DeleteRowButton>
            </div>
          </li>
        ))}
      </ul>
      <h3 className="text-lg font-semibold">{t("addTitle")}</h3>
      <ComponentForm />
    </section>
  );
}
