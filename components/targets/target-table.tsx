"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useCallback, useEffect } from "react";
import { Address } from "@/components/ui/address";
import { useChangeAnnouncement } from "@/components/ui/use-change-announcement";
import { TargetRowActions } from "./target-row-actions";
import { TargetState } from "./target-state";
import { displayStateOf, type TargetView, targetViewsSchema } from "./types";

const queryKey = ["targets"];

async function fetchTargets(): Promise<TargetView[]> {
  const response = await fetch("/api/targets", { cache: "no-store" });
  if (!response.ok) throw new Error(`targets_${response.status}`);
  return targetViewsSchema.parse(await response.json());
}

/**
 * The member's targets, live: refreshed every 5 s while the tab is visible, a target going down or coming back
 * said once to screen readers; a card per target on a phone (`stacked-table`).
 */
export function TargetTable({ initial }: { initial: TargetView[] }) {
  const t = useTranslations("ui.targets");
  const queryClient = useQueryClient();
  const { data: targets } = useQuery({ queryKey, queryFn: fetchTargets, initialData: initial, refetchInterval: 5_000 });
  // A save of the form below re-renders the page on the server: its rows replace the polled ones at once.
  useEffect(() => {
    queryClient.setQueryData(queryKey, initial);
  }, [queryClient, initial]);
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey }), [queryClient]);
  const announcement = useChangeAnnouncement(targets, {
    key: (target) => target.id,
    state: displayStateOf,
    one: (target) => {
      const state = displayStateOf(target);
      const word =
        state === "up" || state === "down" || state === "unknown" ? t(`probe.${state}`) : t(`state.${state}`);
      return t("live.changed", { label: target.label, state: word });
    },
    several: (count) => t("live.several", { count }),
  });

  return (
    <>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {targets.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <table className="stacked-table w-full border-collapse text-left">
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-2">
                {t("columns.label")}
              </th>
              <th scope="col">{t("columns.kind")}</th>
              <th scope="col">{t("columns.address")}</th>
              <th scope="col">{t("columns.state")}</th>
              <th scope="col">
                <span className="sr-only">{t("columns.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id} className="border-b border-slate-200 align-top" data-target-id={target.id}>
                <td className="py-2 pr-2 font-medium">{target.label}</td>
                <td className="py-2 pr-2" data-label={t("columns.kind")}>
                  {t(`kind.${target.kind}`)}
                </td>
                <td className="py-2 pr-2 font-mono text-sm" data-label={t("columns.address")}>
                  <Address value={target.address} />
                </td>
                <td className="py-2 pr-2" data-label={t("columns.state")}>
                  <TargetState target={target} />
                </td>
                <td className="py-2">
                  <TargetRowActions target={target} onDone={refresh} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
