import type { FuzzReport } from "./run-fuzz";

/** One line per target, then every kept finding with its input: what `npm run fuzz` prints. */
export function printFuzzReports(
  reports: readonly FuzzReport[],
  run: { seed: number; unhandledRejections: number },
): void {
  const lines = [`fuzz: seed ${run.seed} (FUZZ_SEED=${run.seed} repeats this run)`];
  for (const report of reports) {
    lines.push(
      `  ${report.target.padEnd(18)} ${String(report.runs).padStart(7)} inputs: ${report.accepted} accepted, ${report.refused} refused, ` +
        `${report.crashes} crashes, ${report.serverErrors} 5xx`,
    );
  }
  lines.push(`  unhandled rejections: ${run.unhandledRejections}`);
  for (const report of reports) {
    for (const finding of report.findings)
      lines.push(`  [${report.target}] ${finding.kind}: ${finding.problem}\n    input: ${finding.input}`);
  }
  console.log(lines.join("\n"));
}
