import { useFormatter, useLocale, useTranslations } from "next-intl";
import type { AntennaSummary } from "@/lib/antennas/data";
import { Link } from "@/lib/i18n/navigation";
import { AntennaForm } from "./antenna-form";
import { RevokeForm } from "./revoke-form";
import { RotateForm } from "./rotate-form";

type TierChoice = { id: string; name: string };
/** `closedToAntennas`: a tier holding target kinds, or the default instance; the save refuses both. */
type TierOption = TierChoice & { closedToAntennas: boolean };

/** Each antenna with its tier, settings and credential's state, and what can still be done to it; then the form to add one. */
export function AntennaTable({ antennas, tiers, now }: { antennas: AntennaSummary[]; tiers: TierOption[]; now: Date }) {
  const t = useTranslations("ui.antennas");
  const format = useFormatter();
  const locale = useLocale();
  // A tier closed to antennas is never offered (the save refuses it too); an antenna already on one keeps it in its
  // own list, so its form shows the truth and saving says why it must move.
  const free = tiers.filter((tier) => !tier.closedToAntennas).map(({ id, name }) => ({ id, name }));
  const choicesFor = (antenna: AntennaSummary): TierChoice[] =>
    free.some((tier) => tier.id === antenna.tierId) ? free : [...free, { id: antenna.tierId, name: antenna.tierName }];
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="space-y-4" aria-labelledby="antennas-title">
      <h2 id="antennas-title" className="text-xl font-semibold">
        {t("listTitle")}
      </h2>
      {antennas.length === 0 && <p>{t("empty")}</p>}
      <ul className="space-y-4">
        {antennas.map((antenna) => (
          <li key={antenna.id} className="rounded border border-slate-300 p-4" data-antenna-id={antenna.id}>
            <h3 className="font-semibold">
              {antenna.placeCode}
              {antenna.revokedAt && (
                <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-sm font-medium text-slate-800">
                  {t("revokedBadge")}
                </span>
              )}
            </h3>
            <dl className="mt-1 grid grid-cols-1 gap-x-4 gap-y-1 max-sm:[&>dt]:font-medium sm:grid-cols-[max-content_minmax(0,1fr)] text-sm">
              <dt>{t("tier")}</dt>
              <dd>{antenna.tierName}</dd>
              <dt>{t("noClientHours")}</dt>
              <dd>{t("hours", { hours: antenna.noClientHours })}</dd>
              <dt>{t("notes")}</dt>
              <dd className="whitespace-pre-line">{antenna.notes || t("noNotes")}</dd>
              <dt>{t("credential")}</dt>
              <dd>
                {antenna.revokedAt
                  ? t("revoked", { date: when(antenna.revokedAt) })
                  : antenna.previousValidUntil && antenna.previousValidUntil > now
                    ? t("previousUntil", { generation: antenna.generation, until: when(antenna.previousValidUntil) })
                    : t("generation", { generation: antenna.generation })}
              </dd>
            </dl>
            {!antenna.revokedAt && (
              <div className="mt-2 space-y-2">
                <a
                  href={`/api/admin/antennas/${antenna.id}/bundle?locale=${locale}`}
                  download
                  aria-label={t("bundleLabel", { placeCode: antenna.placeCode })}
                  className="underline"
                >
                  {t("bundle")}
                </a>
                <details>
                  <summary className="cursor-pointer underline">{t("edit", { placeCode: antenna.placeCode })}</summary>
                  <div className="mt-2">
                    <AntennaForm existing={antenna} tiers={choicesFor(antenna)} />
                  </div>
                </details>
                <RotateForm antennaId={antenna.id} placeCode={antenna.placeCode} />
                <RevokeForm antennaId={antenna.id} placeCode={antenna.placeCode} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <h3 className="text-lg font-semibold">{t("addTitle")}</h3>
      {tiers.length === 0 ? (
        <p>
          {t("noTiers")}{" "}
          <Link href="/admin/tiers" className="underline">
            {t("noTiersLink")}
          </Link>
        </p>
      ) : free.length === 0 ? (
        <p>
          {t("noFreeTier")}{" "}
          <Link href="/admin/tiers" className="underline">
            {t("noTiersLink")}
          </Link>
        </p>
      ) : (
        <AntennaForm tiers={free} />
      )}
    </section>
  );
}
