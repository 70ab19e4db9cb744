import { useTranslations } from "next-intl";
import type { DashboardAntenna } from "@/lib/antennas/dashboard-data";
import { type AntennaWindow, antennaWindows } from "@/lib/antennas/dashboard-queries";

type AntennaFiltersProps = { antennas: DashboardAntenna[]; selectedId: string | null; window: AntennaWindow };

/** A plain GET form: the choice lives in the address, so a view can be bookmarked and works without script. */
export function AntennaFilters({ antennas, selectedId, window }: AntennaFiltersProps) {
  const t = useTranslations("ui.antennaDashboard.filters");
  const field = "rounded border border-slate-400 bg-white px-2 py-1";
  return (
    <form method="get" className="flex flex-wrap items-end gap-4">
      <fieldset className="flex flex-wrap items-end gap-4">
        <legend className="sr-only">{t("legend")}</legend>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("antenna")}
          <select name="antenna" defaultValue={selectedId ?? ""} className={field}>
            <option value="">{t("all")}</option>
            {antennas.map((antenna) => (
              <option key={antenna.id} value={antenna.id}>
                {antenna.placeCode}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          {t("window")}
          <select name="window" defaultValue={window} className={field}>
            {antennaWindows.map((value) => (
              <option key={value} value={value}>
                {t(`windows.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <button
        type="submit"
        className="rounded bg-teal-800 px-3 py-1.5 font-medium text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-800"
      >
        {t("show")}
      </button>
    </form>
  );
}
