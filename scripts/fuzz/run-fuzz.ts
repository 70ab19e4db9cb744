import fc from "fast-check";

/** What a handler did with one input: took it, refused it as a client error, or failed as a server (5xx). */
export type Outcome = { kind: "accepted" } | { kind: "refused" } | { kind: "server_error"; status: number };

export type Finding = { kind: "crash" | "server_error"; input: string; problem: string };

export type FuzzReport = {
  target: string;
  runs: number;
  accepted: number;
  refused: number;
  /** The handler threw (or its promise rejected) instead of answering. */
  crashes: number;
  serverErrors: number;
  /** The first inputs of each kind that went wrong. */
  findings: Finding[];
};

type FuzzOptions = { runs: number; seed: number; concurrency?: number };

/** Inputs are drawn in chunks with seeds derived from `seed`, so a run is repeatable yet never holds them all. */
const chunkSize = 256;
/** Findings kept per kind: enough to see a pattern, small enough to print. */
const keptFindings = 5;

/**
 * Feeds `runs` inputs drawn from `inputs` to `execute`, `concurrency` at a time, and counts what came back. A
 * crash or a 5xx does not stop the run: the report says how many, with the first inputs that caused them.
 */
export async function fuzzTarget<Input>(
  target: string,
  inputs: fc.Arbitrary<Input>,
  execute: (input: Input) => Promise<Outcome>,
  options: FuzzOptions,
): Promise<FuzzReport> {
  const report: FuzzReport = { target, runs: 0, accepted: 0, refused: 0, crashes: 0, serverErrors: 0, findings: [] };
  const found = (kind: Finding["kind"], input: Input, problem: string) => {
    if (kind === "crash") report.crashes += 1;
    else report.serverErrors += 1;
    if (report.findings.filter((finding) => finding.kind === kind).length < keptFindings) {
      report.findings.push({ kind, input: describeInput(input), problem });
    }
  };
  for (let chunk = 0; report.runs < options.runs; chunk += 1) {
    const batch = fc.sample(inputs, {
      numRuns: Math.min(chunkSize, options.runs - report.runs),
      seed: options.seed + chunk,
    });
    await forEachConcurrently(batch, options.concurrency ?? 8, async (input) => {
      try {
        const outcome = await execute(input);
        if (outcome.kind === "server_error") found("server_error", input, `HTTP ${outcome.status}`);
        else report[outcome.kind] += 1;
      } catch (error) {
        found("crash", input, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      }
    });
    report.runs += batch.length;
  }
  return report;
}

async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/** JSON escapes every control character, so the printed input shows exactly what was sent. */
function describeInput(input: unknown): string {
  const text =
    JSON.stringify(input, (_key, value: unknown) => (value instanceof FormData ? Object.fromEntries(value) : value)) ??
    String(input);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}
