import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type PassSummary = { passes: number; claimed: number; medianClaimed: number; medianGapMs: number | null };

/**
 * Reads the workers' "delivery pass" log lines (pino JSON) written at or after `sinceMs`: how many passes ran,
 * how many notifications each claimed, and the median time from one pass's end to the next's (the pass's
 * own work plus the loop's idle interval).
 */
export function summariseWorkerPasses(logDir: string, sinceMs: number): PassSummary {
  const passes: { time: number; claimed: number }[] = [];
  for (const file of readdirSync(logDir).filter((name) => /^worker-\d+\.log$/.test(name))) {
    for (const line of readFileSync(path.join(logDir, file), "utf8").split("\n")) {
      if (!line.includes('"delivery pass"')) continue;
      const entry = JSON.parse(line) as { time: number; claimed: number };
      if (entry.time >= sinceMs) passes.push({ time: entry.time, claimed: entry.claimed });
    }
  }
  return summarise(passes);
}

function summarise(passes: { time: number; claimed: number }[]): PassSummary {
  const median = (values: number[]) =>
    values.length ? [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]! : null;
  const sorted = [...passes].sort((a, b) => a.time - b.time);
  const gaps = sorted.slice(1).map((pass, i) => pass.time - sorted[i]!.time);
  return {
    passes: passes.length,
    claimed: passes.reduce((sum, pass) => sum + pass.claimed, 0),
    medianClaimed: median(passes.map((pass) => pass.claimed)) ?? 0,
    medianGapMs: median(gaps),
  };
}
