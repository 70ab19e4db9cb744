import type { useFormatter } from "next-intl";
import type { ChartUnit } from "@/components/dashboard/time-series-chart";
import type { AntennaFigure } from "@/lib/antennas/dashboard-queries";

type Formatter = ReturnType<typeof useFormatter>;

export const figureUnits: Record<AntennaFigure, ChartUnit> = {
  clients: "count",
  bandwidthIn: "bitsPerSecond",
  bandwidthOut: "bitsPerSecond",
  up: "count",
  signalMin: "dbm",
  signalAvg: "dbm",
};

/** A figure's value as the page's locale writes it, with its unit. */
export function formatFigure(format: Formatter, unit: ChartUnit, value: number): string {
  if (unit === "bitsPerSecond")
    return `${format.number(value, { notation: "compact", maximumFractionDigits: 1 })} bit/s`;
  if (unit === "dbm") return `${format.number(value, { maximumFractionDigits: 0 })} dBm`;
  return format.number(value, { maximumFractionDigits: 1 });
}
