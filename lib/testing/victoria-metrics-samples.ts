export type Sample = { metric: string; labels: Record<string, string>; value: number; at: Date };

/** One line of the Prometheus text format with a millisecond timestamp, as `/api/v1/import/prometheus` takes it. */
export function formatSample(sample: Sample): string {
  const labels = Object.entries(sample.labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(",");
  return `${sample.metric}{${labels}} ${sample.value} ${sample.at.getTime()}`;
}

/** Imports samples, then flushes so the next query sees them (bounded by the request itself, no sleeping). */
export async function importSamples(url: string, lines: readonly string[]): Promise<void> {
  const response = await fetch(`${url}/api/v1/import/prometheus`, { method: "POST", body: `${lines.join("\n")}\n` });
  if (response.status !== 204) throw new Error(`import: HTTP ${response.status} ${await response.text()}`);
  const flush = await fetch(`${url}/internal/force_flush`);
  if (!flush.ok) throw new Error(`force_flush: HTTP ${flush.status}`);
}
