import { useTranslations } from "next-intl";
import { RowActionForm } from "@/components/ui/row-action-form";
import { expireSilenceAction } from "@/lib/silences/actions";

/** A silence as the page shows it: times already formatted in Brussels time and the page's language. */
export type SilenceRow = {
  id: string;
  target: string | null;
  when: string;
  origin: "portal" | "bot" | "ack";
  state: "active" | "upcoming" | "recurring" | "ended";
  /** The member's own note, as typed ("" when none). */
  comment: string;
};

export function SilenceTable({ silences }: { silences: SilenceRow[] }) {
  const t = useTranslations("ui.silences");
  if (silences.length === 0) return <p>{t("empty")}</p>;
  return (
    <table className="w-full border-collapse text-left">
      <caption className="sr-only">{t("listTitle")}</caption>
      <thead>
        <tr className="border-b border-slate-300">
          <th scope="col" className="py-2">
            {t("columns.target")}
          </th>
          <th scope="col">{t("columns.when")}</th>
          <th scope="col">{t("columns.comment")}</th>
          <th scope="col">{t("columns.origin")}</th>
          <th scope="col">{t("columns.state")}</th>
          <th scope="col">
            <span className="sr-only">{t("columns.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {silences.map((silence) => {
          const target = silence.target ?? t("allTargets");
          return (
            <tr key={silence.id} className="border-b border-slate-200">
              <th scope="row" className="py-2 font-medium">
                {target}
              </th>
              <td>{silence.when}</td>
              <td data-label={t("columns.comment")} className="break-words">
                {silence.comment}
              </td>
              <td>{t(`origin.${silence.origin}`)}</td>
              <td>{t(`state.${silence.state}`)}</td>
              <td className="text-right">
                {silence.state !== "ended" && (
                  <RowActionForm action={expireSilenceAction}>
                    <input type="hidden" name="silenceId" value={silence.id} />
                    <button
                      type="submit"
                      className="text-sm text-red-800 underline"
                      aria-label={t("expireLabel", { target, when: silence.when })}
                    >
                      {t("expire")}
                    </button>
                  </RowActionForm>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
